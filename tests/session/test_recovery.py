"""A live session killed mid-recording leaves playable segments and a journal it recovers from."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import av
import pytest

from interhuman_desktop.session.journal import unfinished_sessions
from interhuman_desktop.session.recovery import recover_session

pytestmark = pytest.mark.slow


def _segments(folder):
    return sorted((folder / "segments").glob("segment_*.mp4"))


def test_a_killed_session_is_recovered_on_the_next_start(tmp_path) -> None:
    folder = tmp_path / "session"
    cmd = [sys.executable, "-m", "interhuman_desktop", "live", "--source", "synthetic",
           "--duration", "600", "--out", str(folder), "--local"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 240  # a bound for a hang: start-up is slow under load
        while time.monotonic() < deadline and len(_segments(folder)) < 4:
            time.sleep(0.3)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the app and its engine child, no goodbyes
        proc.wait(60)
    kept = _segments(folder)
    assert len(kept) >= 4
    for path in kept:  # every segment on disk plays on its own
        with av.open(str(path)) as c:
            assert float(c.duration) / 1e6 >= 2.9
    assert unfinished_sessions(tmp_path) == [folder]

    recovered = recover_session(folder)
    assert recovered.recording is not None and recovered.segments == len(kept)
    with av.open(str(recovered.recording)) as joined:
        assert float(joined.duration) / 1e6 == pytest.approx(3.0 * len(kept), abs=0.5)
    assert recovered.timeline.quality_periods, "the events received before the kill are kept"
    assert (folder / "timeline.json").exists()
    assert unfinished_sessions(tmp_path) == []
