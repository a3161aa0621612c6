"""The engine child's ``ih-engine-*`` folder: gone at exit (also when nobody stopped the
engine), and folders that dead processes left are removed at the next start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from interhuman_desktop.engine.child import WORKDIR_PREFIX, remove_stale_workdirs

LOCK_HOLDER = ("import sys\nfrom pathlib import Path\n"
               "from interhuman_desktop.core.folder_lock import FolderLock\n"
               "lock = FolderLock(Path(sys.argv[1])).acquire()\nprint('held', flush=True)\n"
               "sys.stdin.read()\n")
FORGETFUL_PARENT = ("from pathlib import Path\n"
                    "from interhuman_desktop.engine.child import start_engine\n"
                    "engine = start_engine()\n"
                    "env = Path(f'/proc/{engine.pid}/environ').read_text().split(chr(0))\n"
                    "print(engine._workdir, f'TMPDIR={engine._workdir}' in env, flush=True)\n")
# ... and exits without engine.stop()


def _hold(folder: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(folder)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_stale_engine_folders_go_and_held_ones_stay(tmp_path: Path) -> None:
    stale, held = tmp_path / f"{WORKDIR_PREFIX}stale", tmp_path / f"{WORKDIR_PREFIX}held"
    young = tmp_path / f"{WORKDIR_PREFIX}young"  # no lock file yet: maybe being made
    for folder in (stale, young):
        folder.mkdir()
    (stale / "owner.lock").write_text("999999\n")  # its owner was killed
    (stale / "stderr.log").write_text("old")
    proc = _hold(held)
    try:
        assert remove_stale_workdirs(tmp_path) == 1
        assert not stale.exists() and held.exists() and young.exists()
    finally:
        proc.stdin.close()
        proc.wait(30)
    assert remove_stale_workdirs(tmp_path, grace=0.0) == 2  # the holder is gone now


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")
def test_the_engine_folder_goes_when_the_parent_exits_without_stopping_it(
        tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", FORGETFUL_PARENT], capture_output=True,
                          text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    workdir, own_tmp = done.stdout.split()
    assert Path(workdir).parent == tmp_path and own_tmp == "True"
    assert not Path(workdir).exists()
    assert list(tmp_path.glob(f"{WORKDIR_PREFIX}*")) == []
