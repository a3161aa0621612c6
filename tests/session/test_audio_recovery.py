"""A microphone-only session killed mid-recording: its WAV segments and journal are on disk,
and the next start joins them into recording.wav, every sample, and rebuilds the timeline."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import wave

import pytest
from audio_helpers import speech_wav

from interhuman_desktop.session.journal import recover, unfinished_sessions
from interhuman_desktop.session.recovery import recover_session

pytestmark = pytest.mark.slow


def _segments(folder):
    return sorted((folder / "segments").glob("segment_*.wav"))


def _frames(path) -> bytes:
    with wave.open(str(path), "rb") as wav:
        return wav.readframes(wav.getnframes())


def test_a_killed_microphone_only_session_is_recovered(tmp_path) -> None:
    folder = tmp_path / "session"
    cmd = [sys.executable, "-m", "interhuman_desktop", "live", "--audio-only", "--source",
           str(speech_wav(tmp_path / "speech.wav")), "--duration", "600", "--out", str(folder),
           "--local"]
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
    expected = b"".join(_frames(p) for p in kept)
    assert folder in unfinished_sessions(tmp_path)
    journal = recover(folder)
    assert len(journal.segments) >= 4 and not journal.ended
    recovery = recover_session(folder)
    assert recovery.recording == folder / "recording.wav"
    assert _frames(recovery.recording) == expected  # every sample, in order
    assert recovery.segments == len(kept) and recovery.segments_removed == len(kept)
    assert recovery.duration == pytest.approx(len(expected) / 2 / 16000, abs=0.01)
    assert folder not in unfinished_sessions(tmp_path)
