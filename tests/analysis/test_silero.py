"""Silero VAD through onnxruntime: speech found in espeak speech, not in noise, tones or silence;
the stream state carries across segments; the old VAD takes over when the model is missing."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from analysis_clips import speech_16k
from test_voice import _espeak_16k

from interhuman_desktop import resources
from interhuman_desktop.engine.analysis import vad as vad_module
from interhuman_desktop.engine.analysis.silero import load_silero
from interhuman_desktop.engine.analysis.vad import VAD_ENV
from interhuman_desktop.engine.analysis.voice import FRAME_SECONDS, VoiceActivityDetector

MODEL = resources.silero_vad_model()
needs_model = pytest.mark.skipif(
    MODEL is None or load_silero(MODEL) is None, reason="silero-vad wheel or onnxruntime missing")
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng needed")
RATE = 16_000


def _silero(audio: np.ndarray):
    return VoiceActivityDetector(kind="silero").process(audio, 0.0)


def test_the_model_is_found_without_importing_silero_vad_or_torch() -> None:
    code = ("import sys; from interhuman_desktop.resources import silero_vad_model as m; "
            "p = m(); print(p, 'silero_vad' in sys.modules, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    path, silero_imported, torch_imported = out.stdout.split()
    assert silero_imported == torch_imported == "False"
    if MODEL is not None:
        assert Path(path) == MODEL and MODEL.name == "silero_vad.onnx"


@needs_model
@needs_espeak
def test_silero_finds_espeak_speech_and_not_the_silence_around_it() -> None:
    speech = _espeak_16k("The quick brown fox jumps over the lazy dog, twice.")
    silence = np.zeros(RATE, np.float32)
    out = _silero(np.concatenate([silence, speech, silence]))
    assert out.vad == "silero"
    assert not out.voiced[: int(0.95 / FRAME_SECONDS)].any()
    assert not out.speech[-int(0.7 / FRAME_SECONDS):].any()
    assert out.speech.sum() * FRAME_SECONDS > 0.6 * speech.size / RATE


@needs_model
@needs_espeak
def test_silero_keeps_speech_in_noise_at_10_db_snr() -> None:
    speech = _espeak_16k("We ship the pilot in March, and then we review it together.")
    rng = np.random.default_rng(7)
    audio = np.concatenate([np.zeros(RATE, np.float32), speech])
    power = np.mean(speech[np.abs(speech) > 0.01] ** 2)
    noisy = audio + rng.normal(0, np.sqrt(power / 10.0), audio.size).astype(np.float32)
    out = _silero(noisy)
    assert out.speech.sum() * FRAME_SECONDS > 0.5 * speech.size / RATE
    assert not out.voiced[: int(0.9 / FRAME_SECONDS)].any()  # the noise-only second


@needs_model
def test_silero_finds_no_speech_in_noise_silence_or_a_tone() -> None:
    rng = np.random.default_rng(4)
    for sigma in (0.003, 0.03, 0.1):  # -50, -30, -20 dBFS hiss
        assert not _silero(rng.normal(0, sigma, RATE * 6).astype(np.float32)).voiced.any()
    assert not _silero(np.zeros(RATE * 3, np.float32)).voiced.any()
    # media_factory's voiced tone: the old VAD calls it speech (the other tests rely on that)
    tone = speech_16k(6.0, [(0.5, 5.5)])
    assert VoiceActivityDetector(kind="webrtcvad").process(tone, 0.0).voiced.mean() > 0.8
    assert _silero(tone).voiced.mean() < 0.2


@needs_model
@needs_espeak
def test_silero_state_carries_across_segments() -> None:
    speech = _espeak_16k("Thanks for making time today. I want to walk you through the plan.")
    audio = np.concatenate([np.zeros(RATE // 2, np.float32), speech])
    whole = _silero(audio).voiced
    vad = VoiceActivityDetector(kind="silero")
    step = RATE  # 1-s segments: 50 frames, not a whole number of 512-sample blocks
    parts = np.concatenate([vad.process(audio[i:i + step], i / RATE).voiced
                            for i in range(0, audio.size, step)])
    assert parts.size == whole.size
    assert np.mean(parts == whole) > 0.99  # a segment's last frames may wait for the next block
    assert whole.any()


@needs_model
def test_silero_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(VAD_ENV, raising=False)
    assert VoiceActivityDetector().name == "silero"
    assert VoiceActivityDetector(use_model=False).name == "energy"


def test_the_old_vad_takes_over_without_the_model(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv(VAD_ENV, raising=False)
    monkeypatch.setattr(vad_module, "silero_vad_model", lambda: None)
    vad_module._log_choice.cache_clear()
    with caplog.at_level(logging.INFO, logger=vad_module.__name__):
        detector = VoiceActivityDetector()
    expected = "webrtcvad+energy" if vad_module._webrtcvad_available() else "energy"
    assert detector.name == expected
    assert "voice activity:" in caplog.text and "silero" not in caplog.text
    tone = speech_16k(4.0, [(0.5, 3.5)])  # the old VAD still works: the tone is voiced
    assert detector.process(tone, 0.0).voiced.mean() > 0.6


def test_a_missing_or_broken_model_file_gives_no_silero(tmp_path: Path) -> None:
    assert load_silero(None) is None
    assert load_silero(tmp_path / "absent.onnx") is None
    broken = tmp_path / "silero_vad.onnx"
    broken.write_bytes(b"not an onnx file")
    assert load_silero(broken) is None
