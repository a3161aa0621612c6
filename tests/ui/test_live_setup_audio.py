"""The Live pre-flight's "Camera and microphone / Microphone only" choice, without capture: what
the request says, which pickers show, what is remembered, that no camera permission is asked,
and the live page of a microphone-only session (no picture, a level meter)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from waiting import until

from interhuman_desktop.capture.types import CaptureError, DeviceInfo
from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.session.live_service import LiveService
from interhuman_desktop.session.preflight import Check
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.views.live import LiveView
from interhuman_desktop.ui.views.live_controller import LiveController
from interhuman_desktop.ui.views.live_layout import AUDIO_PLACEHOLDER, CAMERA_PLACEHOLDER


class Handle:
    def __init__(self) -> None:
        self.timeline, self.notes, self.elapsed = SessionTimeline(), [], 3.0

    def latest_frame(self):
        return None

    def health(self) -> dict:
        return {"state": "streaming", "audio_only": True, "level_db": -20.0}

    def add_marker(self, t: float, note: str = "") -> None:
        self.timeline.add_marker(t, note)

    async def stop(self):
        return SimpleNamespace(recording=None)


def _rig(qtbot, store):
    requests, checked = [], []

    async def factory(request):
        requests.append(request)
        return Handle()

    async def checker(request, monitor):
        checked.append(request)
        monitor(None, SimpleNamespace(level_db=-18.0))  # a microphone, no camera
        return [Check("microphone", True, "Sound level is fine (-18 dBFS).")]

    def devices():
        return ([DeviceInfo(0, "Webcam C920", "camera", True)],
                [DeviceInfo(3, "USB mic", "microphone", True)])

    view = LiveView()
    qtbot.addWidget(view)
    view.show()
    controller = LiveController(view, factory, store=store, checker=checker, devices=devices)
    return view, controller, requests, checked


def _visible_mics(setup) -> list[str]:
    box = setup.microphone
    return [str(box.itemData(i)) for i in range(box.count()) if not box.view().isRowHidden(i)]


def test_microphone_only_asks_for_no_camera_and_shows_the_sound(qtbot, qasync_loop,
                                                                tmp_path) -> None:
    store = MemorySettingsStore(AppSettings(consent_given=True))
    view, controller, requests, checked = _rig(qtbot, store)
    setup = view.setup

    async def scenario() -> None:
        await controller.refresh_devices()
        assert not setup.audio_only() and setup.video_spec() == "camera:0"
        assert setup.check_button.text() == "Check camera and sound"
        setup.set_audio_only(True)
        assert setup.video_spec() == "none" and store.load().camera == "none"
        assert not setup.form.isRowVisible(setup.camera)  # no camera picker
        assert not setup.microphone.isHidden()
        assert "none" not in _visible_mics(setup) and "pick-file" in _visible_mics(setup)
        assert setup.check_button.text() == "Check the sound"
        setup.use_sound_file(tmp_path / "talk.wav")
        assert setup.microphone_spec() == f"file:{tmp_path / 'talk.wav'}"
        await controller.check()
        assert "Sound level is fine" in setup.results.text()
        assert setup.preview.isHidden() and setup.level.value() == 42  # -18 dBFS
        view.empty.button.click()
        await until(lambda: controller.handle is not None)
        assert view.preview.placeholder == AUDIO_PLACEHOLDER
        assert not view.sound_row.isHidden()
        await until(lambda: view.sound.value() == 40)  # -20 dBFS from the health figures
        controller.stop()
        await until(lambda: controller.handle is None and view.page() == 2)

    qasync_loop.run_until_complete(scenario())
    assert requests[0].video == "none"
    assert requests[0].microphone == f"file:{tmp_path / 'talk.wav'}"
    assert checked[0].video == "none"


def test_the_choice_is_remembered_and_undone(qtbot, qasync_loop) -> None:
    store = MemorySettingsStore(AppSettings(camera="none", microphone="3"))
    view, controller, _requests, _checked = _rig(qtbot, store)
    setup = view.setup

    async def scenario() -> None:
        await controller.refresh_devices()

    qasync_loop.run_until_complete(scenario())
    assert setup.audio_only() and setup.microphone_spec() == "3"
    setup.set_audio_only(False)
    assert setup.video_spec() == "camera:0" and setup.form.isRowVisible(setup.camera)
    assert "none" in _visible_mics(setup) and "pick-file" not in _visible_mics(setup)
    view.attach(SessionTimeline(), lambda: None)  # a camera session shows its picture
    assert view.preview.placeholder == CAMERA_PLACEHOLDER and view.sound_row.isHidden()
    view.detach()


def test_no_camera_permission_is_asked_for_a_microphone_only_session(tmp_path) -> None:
    asked: list[str] = []

    async def permission(kind: str) -> str | None:
        asked.append(kind)
        return "Microphone access is off: allow it in the system settings."

    class Provider:
        base_url = "http://127.0.0.1:9"

        async def client(self):
            return object()

    service = LiveService(Provider(), lambda: SimpleNamespace(segment_seconds=3.0),
                          permission)
    request = SimpleNamespace(video="none", microphone="", goals=())
    with pytest.raises(CaptureError, match="Microphone access is off"):
        asyncio.run(service.start(request))
    assert asked == ["microphone"]
