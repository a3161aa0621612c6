"""Camera and microphone without devices: listing works, opening fails clearly, imports are lazy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from interhuman_desktop.capture import (
    CameraSource,
    DeviceInfo,
    DeviceUnavailableError,
    MicrophoneSource,
    list_cameras,
    list_microphones,
)
from interhuman_desktop.capture.camera import _v4l2_cameras


def test_importing_capture_loads_neither_opencv_nor_sounddevice() -> None:
    code = (
        "import sys, interhuman_desktop.capture as c\n"
        "print('cv2' in sys.modules, 'sounddevice' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_list_devices_returns_lists() -> None:
    cams, mics = list_cameras(), list_microphones()
    assert isinstance(cams, list) and all(isinstance(d, DeviceInfo) for d in cams)
    assert isinstance(mics, list) and all(d.kind == "microphone" for d in mics)
    assert CameraSource.list_devices() == cams


def test_v4l2_listing_skips_metadata_nodes(tmp_path) -> None:
    for node, index, name in [("video0", "0", "Cam A"), ("video1", "1", "Cam A"),
                              ("video2", "0", "Cam B")]:
        (tmp_path / node).mkdir()
        (tmp_path / node / "index").write_text(index + "\n")
        (tmp_path / node / "name").write_text(name + "\n")
    found = _v4l2_cameras(tmp_path)
    assert [(d.id, d.name, d.default) for d in found] == [(0, "Cam A", True), (2, "Cam B", False)]


def test_opening_a_missing_camera_raises_a_clear_error() -> None:
    src = CameraSource(97)
    with pytest.raises(DeviceUnavailableError, match="could not be opened"):
        src.start()
    assert not src.running and src.video_format is None


def test_opening_a_missing_microphone_raises_a_clear_error() -> None:
    src = MicrophoneSource(device=9_999)
    with pytest.raises(DeviceUnavailableError):
        src.start()
    assert not src.running
    src.stop()  # harmless after a failed start


def test_missing_portaudio_is_a_device_error_not_a_crash(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # import now fails
    assert list_microphones() == []
    with pytest.raises(DeviceUnavailableError, match="PortAudio"):
        MicrophoneSource().start()
