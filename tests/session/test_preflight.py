from pathlib import Path

from interhuman_desktop.capture import FileSource, SyntheticSource
from interhuman_desktop.capture.base import DEFAULT_VIDEO_QUEUE
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


def test_silent_own_sound_is_flagged_as_the_source_s_not_a_microphone_s() -> None:
    source = SyntheticSource(width=160, height=120, fps=10, tone_on=0.0, tone_off=1.0)
    checks = _by_name(run_preflight(source, source, seconds=0.5))
    sound = checks["microphone"]
    assert not sound.ok and "own sound is near silence" in sound.message
    assert "used as the microphone" in sound.fix


def test_a_file_played_as_camera_is_its_own_microphone() -> None:
    source = FileSource(SAMPLE)
    sound = _by_name(run_preflight(source, source, seconds=1.5))["microphone"]
    assert sound.ok and "own sound is used as the microphone" in sound.message


def test_the_camera_rate_counts_every_frame_captured_not_the_queue_left() -> None:
    """The walkthrough's "Camera delivers 18 frames per second" for the 30-fps test pattern:
    the check counted the frames left in the 45-frame drop queue after 2.5 s (45 / 2.5 = 18)."""
    source = SyntheticSource(width=160, height=120, fps=30)
    seconds = 2.5
    checks = _by_name(run_preflight(source, source, seconds=seconds))
    captured = source.stats().frames_captured
    assert captured > DEFAULT_VIDEO_QUEUE  # more frames than the queue holds
    assert checks["camera"].message == (
        f"Camera delivers {captured / seconds:.0f} frames per second.")
