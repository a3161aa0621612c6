"""Capture sources (no Qt): camera, microphone, a file played live, and a synthetic pattern.

Importing this package loads neither OpenCV nor sounddevice; they load when a source starts.
"""

from .base import AudioSource, Source, VideoSource
from .camera import CameraSource, list_cameras
from .file import FileSource
from .microphone import MicrophoneSource, list_microphones
from .synthetic import SyntheticSource
from .types import (
    AudioBlock,
    CaptureError,
    DeviceInfo,
    DeviceUnavailableError,
    SourceStats,
    VideoFormat,
    VideoFrame,
)

__all__ = [
    "AudioBlock",
    "AudioSource",
    "CameraSource",
    "CaptureError",
    "DeviceInfo",
    "DeviceUnavailableError",
    "FileSource",
    "MicrophoneSource",
    "Source",
    "SourceStats",
    "SyntheticSource",
    "VideoFormat",
    "VideoFrame",
    "VideoSource",
    "list_cameras",
    "list_microphones",
]
