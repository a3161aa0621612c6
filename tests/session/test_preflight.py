from pathlib import Path

from interhuman_desktop.capture import FileSource, SyntheticSource
from interhuman_desktop.session.preflight import run_preflight

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.mp4"


def _by_name(checks):
    return {c.name: c for c in checks}


def test_synthetic_pattern_has_no_face_but_sound() -> None:
    source = SyntheticSource(width=320, height=240, fps=15)
    checks = _by_name(run_preflight(source, source, seconds=0.6))
    assert checks["camera"].ok and checks["microphone"].ok
    assert not checks["face"].ok and "facing the camera" in checks["face"].fix
    assert not source.running


def test_sample_clip_has_one_face() -> None:
    source = FileSource(SAMPLE)
    checks = _by_name(run_preflight(source, source, seconds=0.8))
    assert checks["face"].ok, checks["face"].message


def test_silent_microphone_is_flagged_with_a_fix() -> None:
    source = SyntheticSource(width=160, height=120, fps=10, tone_on=0.0, tone_off=1.0)
    checks = _by_name(run_preflight(source, source, seconds=0.5))
    assert not checks["microphone"].ok and "Unmute" in checks["microphone"].fix
