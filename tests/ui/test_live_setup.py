"""Live set-up without capture: device pickers remembered, consent once, marker with a note."""

from __future__ import annotations

from types import SimpleNamespace

from waiting import until

from interhuman_desktop.capture.types import DeviceInfo
from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.session.preflight import Check
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.views.live import LiveView
from interhuman_desktop.ui.views.live_controller import LiveController


class FakeHandle:
    def __init__(self) -> None:
        self.timeline, self.notes, self.elapsed = SessionTimeline(), ["It is dark."], 12.5
        self.markers: list[tuple[float, str]] = []

    def latest_frame(self):
        return None

    def health(self) -> dict:
        return {"state": "streaming"}

    def add_marker(self, t: float, note: str = "") -> None:
        self.markers.append((t, note))
        self.timeline.add_marker(t, note)

    async def stop(self):
        return SimpleNamespace(recording=None)


def _setup(qtbot, store):
    requests, handles = [], []

    async def factory(request):
        requests.append(request)
        handles.append(FakeHandle())
        return handles[-1]

    async def checker(request, monitor):
        monitor(None, None)  # no sources here: the preview stays empty
        return [Check("camera", True, "Camera delivers 30 frames per second."),
                Check("light", False, "The picture is dark.", "Turn on a light.")]

    def devices():
        return ([DeviceInfo(0, "Webcam C920", "camera", True)],
                [DeviceInfo(3, "USB mic", "microphone", True)])

    view = LiveView()
    qtbot.addWidget(view)
    controller = LiveController(view, factory, store=store, checker=checker, devices=devices)
    return view, controller, requests, handles


async def _until(predicate) -> None:
    await until(predicate)


def test_devices_goals_and_consent_are_remembered_and_markers_carry_notes(
        qtbot, qasync_loop) -> None:
    store = MemorySettingsStore(AppSettings(goals=("energy",)))
    view, controller, requests, handles = _setup(qtbot, store)
    setup = view.setup

    async def scenario() -> None:
        await controller.refresh_devices()
        assert setup.video_spec() == "camera:0"
        setup.microphone.setCurrentIndex(setup.microphone.findData("3"))
        assert store.load().microphone == "3"
        setup.camera.setCurrentIndex(setup.camera.findData("synthetic"))
        assert store.load().camera == "synthetic" and setup.microphone.isHidden()
        assert not setup.own_sound.isHidden()  # says whose sound it is
        setup.goal_boxes["clarity"].setChecked(True)
        assert store.load().goals == ("clarity", "energy")
        await controller.check()
        assert "Fix: Turn on a light." in setup.results.text()
        view.empty.button.click()
        assert controller.consent_box is not None and requests == []  # asked first
        next(b for b in controller.consent_box.buttons() if "agree" in b.text()).click()
        await _until(lambda: controller.handle is not None)
        view.marker_note.setText("nice pause")
        view.request_marker()
        view.request_marker()  # no note this time
        controller.stop()
        await _until(lambda: controller.handle is None and view.page() == 2)  # the summary
        view.summary.new_button.click()
        assert view.page() == 0
        controller.consent_box = None
        view.empty.button.click()  # the second recording does not ask again
        await _until(lambda: controller.handle is not None)
        assert controller.consent_box is None
        controller.stop()
        await _until(lambda: controller.handle is None)

    qasync_loop.run_until_complete(scenario())
    assert requests[0].video == "synthetic" and requests[0].goals == ("clarity", "energy")
    assert handles[0].markers == [(12.5, "nice pause"), (12.5, "")]
    assert store.load().consent_given and len(requests) == 2


def test_remembered_devices_come_back(qtbot, qasync_loop, tmp_path) -> None:
    store = MemorySettingsStore(AppSettings(camera=f"file:{tmp_path / 'talk.mp4'}",
                                            microphone="none"))
    view, controller, _r, _h = _setup(qtbot, store)

    async def scenario() -> None:
        await controller.refresh_devices()

    qasync_loop.run_until_complete(scenario())
    assert view.setup.video_spec() == f"file:{tmp_path / 'talk.mp4'}"
    assert view.setup.camera.currentText() == "File: talk.mp4"


class BackfillingHandle(FakeHandle):
    """stop() waits for the test while health() reports the after-session analysis."""

    def __init__(self) -> None:
        super().__init__()
        self.release = False
        self.status: str | None = "Analysing after the session: stretch 1 of 1"

    def health(self) -> dict:
        return {"state": "finishing", "backfill": self.status}

    async def stop(self):
        await until(lambda: self.release)
        return SimpleNamespace(recording=None)


def test_stopping_shows_the_after_session_analysis_while_it_runs(qtbot, qasync_loop) -> None:
    store = MemorySettingsStore(AppSettings(consent_given=True))
    view = LiveView()
    qtbot.addWidget(view)
    handle = BackfillingHandle()

    async def factory(request):
        return handle

    controller = LiveController(view, factory, store=store)

    async def scenario() -> None:
        view.empty.button.click()
        await _until(lambda: controller.handle is not None)
        controller.stop()
        await _until(lambda: "Analysing after the session" in view.notice.text())
        handle.status = None
        await _until(lambda: view.notice.text().startswith("Finishing"))
        handle.release = True
        await _until(lambda: controller.stopping is None)

    qasync_loop.run_until_complete(scenario())
