"""The Live set-up's microphone choices (offscreen Qt, no capture): with no input device listed
there is "No microphone found" (disabled) rather than a default that cannot open, files still
play as the microphone; the microphone-only session's microphone (a file too) is kept across a
switch to the camera and back, and after a restart. And PortAudio's "no default device" start
error in people's words (the real PortAudio, on a machine without a microphone)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QStandardItemModel

from interhuman_desktop.capture.microphone import NO_MICROPHONE, MicrophoneSource
from interhuman_desktop.capture.microphone import list_microphones as real_microphones
from interhuman_desktop.capture.types import DeviceInfo, DeviceUnavailableError
from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.ui.views.live import LiveView
from interhuman_desktop.ui.views.live_controller import LiveController


def _live(qtbot, store, qasync_loop, mics):
    view = LiveView()
    qtbot.addWidget(view)
    view.show()

    async def factory(request):
        raise AssertionError("not started here")

    controller = LiveController(view, factory, store=store, devices=lambda: (
        [DeviceInfo(0, "Webcam C920", "camera", True)], list(mics)))

    async def listed() -> None:
        await controller.refresh_devices()

    qasync_loop.run_until_complete(listed())
    return view.setup


def _shown(setup) -> list[str]:
    box = setup.microphone
    return [box.itemText(i) for i in range(box.count()) if not box.view().isRowHidden(i)]


def test_no_microphone_found_is_said_and_a_file_can_still_play(qtbot, qasync_loop) -> None:
    store = MemorySettingsStore(AppSettings())
    setup = _live(qtbot, store, qasync_loop, [])
    box = setup.microphone
    assert box.itemText(0) == "No microphone found"
    model = box.model()
    assert isinstance(model, QStandardItemModel) and not model.item(0).isEnabled()
    assert "Default microphone" not in _shown(setup)
    assert setup.microphone_spec() == "none"  # with the camera: video only, not a dead default
    setup.set_audio_only(True)
    assert box.currentText() == "No microphone found"
    assert "Play a file as microphone…" in _shown(setup)


def test_a_listed_microphone_keeps_the_default(qtbot, qasync_loop) -> None:
    store = MemorySettingsStore(AppSettings())
    setup = _live(qtbot, store, qasync_loop, [DeviceInfo(3, "USB mic", "microphone", True)])
    assert setup.microphone.itemText(0) == "Default microphone"
    assert setup.microphone_spec() == ""


def test_the_sound_file_is_kept_across_modes_and_a_restart(qtbot, qasync_loop,
                                                             tmp_path) -> None:
    wav = tmp_path / "talk.wav"
    wav.write_bytes(b"RIFF")
    store = MemorySettingsStore(AppSettings(camera="none"))
    setup = _live(qtbot, store, qasync_loop, [])
    setup.use_sound_file(wav)
    assert store.load().microphone == f"file:{wav}"
    setup.set_audio_only(False)  # the camera: a file cannot be its microphone
    assert not setup.microphone_spec().startswith("file:")
    setup.set_audio_only(True)  # back: the file again
    assert setup.microphone_spec() == f"file:{wav}"
    setup.set_audio_only(False)
    assert store.load().camera != "none"
    restarted = _live(qtbot, store, qasync_loop, [])  # the same settings, a new window
    restarted.set_audio_only(True)
    assert restarted.microphone_spec() == f"file:{wav}"
    again = _live(qtbot, store, qasync_loop, [])  # restarted in microphone-only mode
    assert again.audio_only() and again.microphone_spec() == f"file:{wav}"


@pytest.mark.skipif(bool(real_microphones()), reason="this machine has a microphone")
def test_no_default_microphone_is_worded_for_people() -> None:
    with pytest.raises(DeviceUnavailableError) as caught:
        MicrophoneSource(None).start()
    assert str(caught.value) == NO_MICROPHONE and "-1" not in str(caught.value)
