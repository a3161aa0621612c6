"""Capture sources from a source spec: ``camera[:ID]``, ``file:PATH`` or ``synthetic``.

Shared by the ``live`` command (``--source``) and the Live view (the picked devices). A spec
that names no source raises :class:`SourceSpecError`, a :class:`CaptureError`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from interhuman_desktop.capture.base import AudioSource, VideoSource
from interhuman_desktop.capture.camera import CameraSource
from interhuman_desktop.capture.file import FileSource
from interhuman_desktop.capture.microphone import MicrophoneSource
from interhuman_desktop.capture.synthetic import SyntheticSource
from interhuman_desktop.capture.types import CaptureError

log = logging.getLogger(__name__)

Sources = tuple[VideoSource, AudioSource | None]


class SourceSpecError(CaptureError):
    """The source spec is malformed or names a file that does not exist."""


def _log_warning(text: str) -> None:
    log.warning("%s", text)


def open_sources(spec: str, warn: Callable[[str], None] = _log_warning) -> Sources:
    """Parse ``spec`` into a video source and an audio source (maybe the same object).

    ``camera`` opens the default microphone too; without one it records video only and says so
    through ``warn``.
    """
    kind, _, rest = spec.partition(":")
    if kind == "synthetic":
        source = SyntheticSource(width=640, height=480, fps=30.0)
        return source, source
    if kind == "file":
        if not rest or not Path(rest).is_file():
            raise SourceSpecError(f"--source file:PATH: no such file {rest!r}")
        file_source = FileSource(Path(rest), loop=True)
        return file_source, file_source
    if kind == "camera":
        camera = CameraSource(int(rest) if rest.isdigit() else (rest or 0))
        try:
            microphone: AudioSource | None = MicrophoneSource()
        except CaptureError as exc:
            warn(f"no microphone ({exc}); recording video only")
            microphone = None
        return camera, microphone
    raise SourceSpecError(
        f"--source: expected camera[:INDEX], file:PATH or synthetic, not {spec!r}")


def open_microphone(spec: str = "") -> AudioSource:
    """The sound of an audio-only session: ``microphone[:ID]`` (or "" / a device id: the
    default or that input), ``file:PATH`` or a bare path (the file's sound played as the
    microphone, looping), or ``synthetic``. Blocking: call it on a worker thread."""
    kind, _, rest = spec.partition(":")
    if kind in ("", "microphone") or spec.isdigit():
        ident = rest if kind == "microphone" else spec
        return MicrophoneSource(int(ident) if ident.isdigit() else (ident or None))
    if kind == "synthetic":
        return SyntheticSource(width=160, height=120, fps=5.0)
    path = Path(rest if kind == "file" else spec)
    if not path.is_file():
        raise SourceSpecError(f"--source: no such file {str(path)!r} to play as the microphone")
    return FileSource(path, loop=True, audio_only=True)


def open_picked_sources(video: str, microphone: str = "") -> Sources:
    """Sources for the Live view's choice: ``camera:ID`` with ``microphone`` ("" the default,
    "none", or a device id), else any :func:`open_sources` spec. Blocking: call it on a worker
    thread."""
    if not video.startswith("camera:"):
        return open_sources(video)
    ident = video[len("camera:"):]
    camera = CameraSource(int(ident) if ident.isdigit() else ident)
    if microphone == "none":
        return camera, None
    try:
        device = int(microphone) if microphone.isdigit() else (microphone or None)
        return camera, MicrophoneSource(device)
    except CaptureError as exc:
        log.warning("no microphone (%s); recording video only", exc)
        return camera, None
