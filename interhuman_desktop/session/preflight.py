"""Live preflight: is the camera delivering, is it light enough, is one face in frame, is the
microphone really hearing something? Warnings with the fix to try, never blockers.

The service is known to invent speech when audio is missing, so silence gets a clear warning.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

import numpy as np

from interhuman_desktop.capture.base import AudioSource, VideoSource
from interhuman_desktop.capture.types import AudioBlock, CaptureError

log = logging.getLogger(__name__)

SILENCE_DBFS = -50.0
DARK_LUMA = 40.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    message: str
    fix: str = ""


def run_preflight(video: VideoSource, audio: AudioSource | None,
                  seconds: float = 1.5) -> list[Check]:
    """Run the sources for ``seconds``, look at what came out, stop them again."""
    sources = {id(s): s for s in (video, audio) if s is not None}.values()
    captured = video.stats().frames_captured  # the queue keeps only the newest frames
    try:
        for source in sources:
            source.start()
    except CaptureError as exc:
        return [Check("devices", False, str(exc), "Pick another device, or close the app that "
                      "is using it, then try again.")]
    try:
        time.sleep(seconds)
        frames = video.frames.drain()
        blocks = audio.blocks.drain() if audio is not None else []
        captured = video.stats().frames_captured - captured
    finally:
        for source in sources:
            source.stop()
    checks = [_camera(captured if frames else 0, seconds)]
    if frames:
        image = frames[-1].image
        checks += [_light(image), _faces(image)]
    # a file or the test pattern is both sources: it brings its own sound
    own = isinstance(audio, VideoSource) and audio is video
    checks.append(_own_sound(blocks, seconds) if own else _microphone(audio, blocks))
    return checks

def run_audio_preflight(audio: AudioSource, seconds: float = 1.5) -> list[Check]:
    """Microphone only (an audio-only session): is it hearing something?"""
    try:
        audio.start()
    except CaptureError as exc:
        return [Check("devices", False, str(exc), "Pick another microphone, or close the app "
                      "that is using it, then try again.")]
    try:
        time.sleep(seconds)
        blocks = audio.blocks.drain()
    finally:
        audio.stop()
    return [_microphone(audio, blocks)]


def _camera(count: int, seconds: float) -> Check:
    if count == 0:
        return Check("camera", False, "No picture arrived from the camera.",
                     "Check it is connected and not in use by another app; pick another camera.")
    return Check("camera", True, f"Camera delivers {count / seconds:.0f} frames per second.")


def _light(image: np.ndarray) -> Check:
    luma = float(image.mean())
    if luma < DARK_LUMA:
        return Check("light", False, f"The picture is dark (mean brightness {luma:.0f}/255).",
                     "Turn on a light facing you, or move away from a bright window behind you.")
    return Check("light", True, f"Light is fine (mean brightness {luma:.0f}/255).")


def _faces(image: np.ndarray) -> Check:
    import cv2

    folder = cv2.data.haarcascades  # type: ignore[attr-defined]  # not in OpenCV's stubs
    cascade = cv2.CascadeClassifier(folder + "haarcascade_frontalface_default.xml")
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = 320 / max(1, gray.shape[1])
    if scale < 1:
        gray = cv2.resize(gray, None, fx=scale, fy=scale)
    faces = cascade.detectMultiScale(gray, 1.1, 5, minSize=(24, 24))
    if len(faces) == 0:
        return Check("face", False, "No face found in the picture.",
                     "Sit facing the camera with your face in the middle of the frame.")
    if len(faces) > 1:
        return Check("face", False, f"{len(faces)} faces in the picture.",
                     "The analysis follows one person: make sure only you are in frame.")
    return Check("face", True, "One face in frame.")


def _dbfs(blocks: list[AudioBlock]) -> float:
    samples = np.concatenate([b.samples for b in blocks])
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0
    return 20 * math.log10(rms) if rms > 0 else -math.inf


def _own_sound(blocks: list[AudioBlock], seconds: float) -> Check:
    """A file (or the test pattern) played as the camera: its own sound is the microphone."""
    if not blocks:
        return Check("microphone", False, "The video has no sound: the analysis will be "
                     "unreliable.", "Pick a file with a sound track.")
    dbfs = _dbfs(blocks)
    if dbfs < SILENCE_DBFS:
        return Check("microphone", False, f"The video's own sound is near silence in its first "
                     f"{seconds:.1f} s ({dbfs:.0f} dBFS).",
                     "Fine if it starts quietly; it is used as the microphone as it plays.")
    return Check("microphone", True, f"The video's own sound is used as the microphone "
                 f"({dbfs:.0f} dBFS).")


def _microphone(audio: AudioSource | None, blocks: list[AudioBlock]) -> Check:
    if audio is None:
        return Check("microphone", False, "No microphone: the analysis will be unreliable.",
                     "Connect a microphone or pick one in the device list.")
    if not blocks:
        return Check("microphone", False, "No sound arrived from the microphone.",
                     "Check the microphone is connected and allowed for this app.")
    dbfs = _dbfs(blocks)
    if dbfs < SILENCE_DBFS:
        return Check("microphone", False, f"The microphone hears near silence ({dbfs:.0f} dBFS).",
                     "Unmute it, raise its input level, or pick another input; say a few words.")
    return Check("microphone", True, f"Sound level is fine ({dbfs:.0f} dBFS).")
