"""A session folder belongs to the process recording it: recovery leaves it alone until it exits."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest
from session_helpers import SEGMENT_SECONDS, place_segments

from interhuman_desktop.core.folder_lock import FolderBusy, FolderLock, in_use, owner_pid
from interhuman_desktop.session.journal import JOURNAL, SEGMENTS, Journal, recover
from interhuman_desktop.session.recovery import recover_session, recover_unfinished

HOLDER = (
    "import sys\n"
    "from pathlib import Path\n"
    "from interhuman_desktop.session.journal import Journal\n"
    "journal = Journal(Path(sys.argv[1]))\n"
    "journal.record('segment', durable=True, index=1, file='segment_00001.mp4',"
    " recording_start=0.0, duration=3.0)\n"
    "print('recording', flush=True)\n"
    "sys.stdin.read()\n"
)


def _holder(folder: Path) -> subprocess.Popen:
    """A second process that opens the session's journal (taking its lock) and keeps it."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "recording"
    return proc


def _duration(path: Path) -> float:
    with av.open(str(path)) as c:
        return float(c.duration) / 1e6


def test_a_folder_owned_by_a_live_process_is_skipped_until_it_exits(
        tmp_path: Path, segment_template: Path) -> None:
    folder = tmp_path / "session"
    place_segments(folder, template=segment_template, count=3)
    proc = _holder(folder)
    try:
        assert owner_pid(folder) == proc.pid
        assert recover_unfinished(tmp_path) == []
        with pytest.raises(FolderBusy) as busy:
            recover_session(folder)
        assert busy.value.pid == proc.pid
        with pytest.raises(FolderBusy):
            Journal(folder)  # a second recorder cannot take it either
        assert sorted(p.name for p in (folder / SEGMENTS).iterdir()) == [
            "segment_00001.mp4", "segment_00002.mp4", "segment_00003.mp4"]
        assert not (folder / "recording.mp4").exists() and not recover(folder).ended
    finally:
        proc.stdin.close()  # the owner exits: the OS releases its lock
        proc.wait(30)
    assert owner_pid(folder) is None
    [done] = recover_unfinished(tmp_path)
    assert done.folder == folder and done.segments == 3
    assert done.duration == pytest.approx(3 * SEGMENT_SECONDS, abs=0.3)
    assert _duration(folder / "recording.mp4") == pytest.approx(done.duration, abs=0.05)
    assert done.segments_removed == 3 and list((folder / SEGMENTS).iterdir()) == []
    assert recover(folder).ended and not in_use(folder)


def test_a_killed_owner_releases_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "session"
    proc = _holder(folder)
    assert in_use(folder)
    proc.kill()  # no goodbyes: the lock must still go with the process
    proc.wait(30)
    assert owner_pid(folder) is None
    with FolderLock(folder) as lock:
        assert lock.held and owner_pid(folder) == os.getpid()
    assert not (folder / "owner.lock").exists()


def test_the_recorder_holds_the_lock_until_its_journal_closes(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    assert owner_pid(tmp_path) == os.getpid()
    journal.record("end", durable=True, state="ended")
    journal.close()
    assert owner_pid(tmp_path) is None
    assert json.loads((tmp_path / JOURNAL).read_text().splitlines()[-1])["kind"] == "end"


@pytest.mark.slow
def test_recovery_while_live_records_leaves_the_session_intact(tmp_path: Path) -> None:
    """The issue's case: the app's start-up recovery ran while ``live`` recorded."""
    root = tmp_path / "sessions"
    folder, metrics = root / "run", tmp_path / "metrics.json"
    cmd = [sys.executable, "-m", "interhuman_desktop", "live", "--source", "synthetic",
           "--duration", "9", "--out", str(folder), "--metrics", str(metrics), "--local"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and not list(
                (folder / SEGMENTS).glob("segment_*.mp4")):
            time.sleep(0.2)
        assert proc.poll() is None, "live ended before it recorded a segment"
        assert recover_unfinished(root) == []
        assert (folder / JOURNAL).exists()
        _, stderr = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr[-3000:]
    assert "FileNotFoundError" not in stderr
    result = json.loads(metrics.read_text())
    assert result["segments_recorded"] >= 3 and result["segments_lost"] == 0
    assert _duration(folder / "recording.mp4") == pytest.approx(9.0, abs=0.6)
    assert list((folder / SEGMENTS).glob("segment_*.mp4")) == []  # one copy of the media
    assert recover(folder).ended and owner_pid(folder) is None


def test_the_library_entry_duration_comes_from_the_media(
        tmp_path: Path, segment_template: Path) -> None:
    from interhuman_desktop.session.library_sync import save_live_session
    from interhuman_desktop.session.timeline import SessionTimeline
    from interhuman_desktop.storage.library import AsyncLibrary

    folder = tmp_path / "session"
    place_segments(folder, segment_template, 3)
    Journal(folder).close()  # a journal without an end: a killed session, no events
    done = recover_session(folder)
    timeline = SessionTimeline()
    timeline.add_marker(1.0, "last thing the events said")
    assert timeline.media_end < 3 * SEGMENT_SECONDS - 1

    async def save():
        library = AsyncLibrary(tmp_path / "library")
        try:
            return await save_live_session(library, folder, done.recording, timeline,
                                           title="t")
        finally:
            library.close()

    entry = asyncio.run(save())
    assert entry.duration == pytest.approx(done.duration, abs=0.01)
    assert entry.duration == pytest.approx(3 * SEGMENT_SECONDS, abs=0.3)
