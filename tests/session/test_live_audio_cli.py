"""``live --audio-only``: a WAV played as the microphone goes as raw PCM to the local engine's
V2 stream (inter-2-audio), headless; the session folder keeps recording.wav and the cues."""

from __future__ import annotations

import json
import subprocess
import sys
import wave

import pytest
from audio_helpers import speech_wav

pytestmark = pytest.mark.slow
AUDIBLE = {"agreement", "confidence", "frustration", "hesitation", "interest", "uncertainty"}


def test_live_audio_only_from_a_file(tmp_path) -> None:
    speech = speech_wav(tmp_path / "speech.wav")
    out, metrics_path = tmp_path / "session", tmp_path / "metrics.json"
    cmd = [sys.executable, "-m", "interhuman_desktop", "live", "--audio-only", "--source",
           str(speech), "--duration", "6", "--out", str(out), "--metrics", str(metrics_path),
           "--local"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "dBFS" in done.stderr  # the health line shows the sound, not frames per second
    metrics = json.loads(metrics_path.read_text())
    assert metrics["audio_only"] is True and metrics["state"] == "ended"
    assert metrics["segments_recorded"] == metrics["segments_acknowledged"] >= 3
    assert metrics["segments_lost"] == metrics["segments_failed"] == 0
    assert metrics["recording"] == str(out / "recording.wav")
    with wave.open(metrics["recording"], "rb") as wav:
        assert wav.getframerate() == 16000 and 6.0 <= wav.getnframes() / 16000 < 7.5
    envelopes = [e.get("envelope") or {} for e in
                 json.loads((out / "events.json").read_text())["events"]]
    assert "error" not in [e.get("type") for e in envelopes]
    kinds = {e["data"]["signal_type"] for e in envelopes
             if str(e.get("type")).startswith("signal.")}
    assert kinds <= AUDIBLE

