"""``interhuman-desktop recover [DIR]``: refuses a folder still being recorded, recovers a
``live --out DIR`` that was killed (one copy of the media, playable, no ``.part`` left), and
the engine folders a killed run left are cleaned at the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest
from session_helpers import place_segments

from interhuman_desktop.core.folder_lock import in_use, owner_pid
from interhuman_desktop.engine.child import WORKDIR_PREFIX, remove_stale_workdirs
from interhuman_desktop.session.journal import SEGMENTS, Journal, recover

LOCK_HOLDER = ("import sys\nfrom pathlib import Path\n"
               "from interhuman_desktop.core.folder_lock import FolderLock\n"
               "lock = FolderLock(Path(sys.argv[1])).acquire()\nprint('held', flush=True)\n"
               "sys.stdin.read()\n")


def _hold(folder: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(folder)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def _env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return {**os.environ, "INTERHUMAN_DESKTOP_HOME": str(tmp_path / "home"),
            "TMPDIR": str(tmp_path / "tmp")}


def _wait_for(condition, what: str, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _decoded_seconds(path: Path) -> tuple[float, int]:
    """Container duration and the number of video frames that really decode."""
    with av.open(str(path)) as c:
        duration = float(c.duration) / 1e6
        frames = sum(1 for _ in c.decode(video=0))
    return duration, frames


@pytest.mark.slow
def test_recover_refuses_a_live_folder_then_recovers_it(tmp_path: Path,
                                                         segment_template: Path) -> None:
    folder = tmp_path / "out"
    place_segments(folder, segment_template, 2)
    Journal(folder).close()  # started, never ended: killed
    cmd = [sys.executable, "-m", "interhuman_desktop", "recover", str(folder)]
    proc = _hold(folder)
    try:
        busy = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                              env=_env(tmp_path))
    finally:
        proc.stdin.close()
        proc.wait(30)
    assert busy.returncode == 3 and f"process {proc.pid}" in busy.stderr
    assert (folder / SEGMENTS / "segment_00001.mp4").exists()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "2 segments → recording.mp4 (6.0 s)" in done.stderr and "library entry 1" in done.stderr
    assert not folder.exists()  # moved into the library
    entries = list((tmp_path / "home" / "data" / "library" / "entries").iterdir())
    assert [p.name for p in entries[0].iterdir() if p.suffix == ".mp4"] == ["recording.mp4"]


@pytest.mark.slow
def test_a_killed_live_out_dir_is_recovered_on_demand(tmp_path: Path) -> None:
    folder, env = tmp_path / "run", _env(tmp_path)
    live = subprocess.Popen([sys.executable, "-m", "interhuman_desktop", "live", "--source",
                             "synthetic", "--duration", "600", "--out", str(folder), "--local"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: live.poll() is not None
                  or len(list((folder / SEGMENTS).glob("segment_*.mp4"))) >= 3, "3 segments")
        assert live.poll() is None, live.stderr.read().decode()[-3000:]
        assert owner_pid(folder) == live.pid
        engine_dirs = list((tmp_path / "tmp").glob(f"{WORKDIR_PREFIX}*"))
        assert len(engine_dirs) == 1 and in_use(engine_dirs[0])
    finally:
        live.send_signal(signal.SIGKILL)  # no clean-up of any kind
        live.wait(30)
        live.stderr.close()
    assert not recover(folder).ended and not in_use(folder) and not in_use(engine_dirs[0])
    recorded = sorted((folder / SEGMENTS).glob("segment_*.mp4"))
    if not list((folder / SEGMENTS).glob("*.part")):  # killed between two segments
        (folder / SEGMENTS / "segment_99999.mp4.part").write_bytes(b"half a segment")
    done = subprocess.run([sys.executable, "-m", "interhuman_desktop", "recover", str(folder),
                           "--in-place"], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"{len(recorded)} segments → recording.mp4" in done.stderr
    assert sorted((folder / SEGMENTS).iterdir()) == []  # no segment, no .part: one copy
    assert not list(folder.glob("*.part")) and not list(folder.glob("*.joining"))
    duration, frames = _decoded_seconds(folder / "recording.mp4")
    assert duration == pytest.approx(3.0 * len(recorded), abs=0.6)
    assert frames >= 25 * duration  # it plays: the synthetic source runs at 30 fps
    assert recover(folder).ended and (folder / "timeline.json").exists()
    # the killed run's engine folder goes at the next start (the OS released its lock)
    assert remove_stale_workdirs(tmp_path / "tmp") == 1 and not engine_dirs[0].exists()

