"""LiveController: starts/stops a live session through an injected factory and feeds LiveView.

The factory (built by the composition root from ``session.pipeline``) takes a
:class:`LiveRequest` (devices, goals) and returns a handle with ``timeline``,
``latest_frame()``, ``health()``, ``elapsed``, ``notes``, ``add_marker(t, note)`` and
``async stop()``. Health, "now" and the lag refresh at 2 Hz; the view redraws lanes at 15 Hz
from the model on its own timer; frames are pulled by the preview at ~30 Hz. The first
recording asks for consent once (remembered in the settings).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from interhuman_desktop.config.settings import SettingsStoreLike
from interhuman_desktop.core.errors import user_message
from interhuman_desktop.ui.live_summary import (
    delivery_of,
    evidence_of,
    previous_session,
    quality_of,
    top_moments,
)
from interhuman_desktop.ui.tasks import TaskKeeper
from interhuman_desktop.ui.views.live import LiveView
from interhuman_desktop.ui.views.live_handle import (
    LiveFactory,
    LiveHandle,
    LiveRequest,
    analysis_lag,
)
from interhuman_desktop.ui.views.live_setup_controller import Checker, DeviceLister, SetupDriver

log = logging.getLogger(__name__)
CONSENT_TEXT = (
    "A live session records your camera and microphone. The recording, its analysis and "
    "your markers are kept on this computer in the Library until you delete them. With the "
    "Interhuman cloud backend the media is also sent to the service for analysis.\n\n"
    "Make sure everyone in the picture agrees to being recorded and analysed. Signals are "
    "observations of behaviour, not a readout of feelings.")


class LiveController(QObject):
    """``start()`` / ``stop()`` a session; ``finished(recording, timeline)`` once saved and
    ``ended(handle, result)`` for whoever keeps it (the library)."""

    finished = Signal(object, object)  # Path | None, SessionTimeline
    ended = Signal(object, object)  # LiveHandle, pipeline result (or None)
    failed = Signal(str)

    def __init__(self, view: LiveView, factory: LiveFactory | None,
                 parent: QObject | None = None, *, store: SettingsStoreLike | None = None,
                 checker: Checker | None = None, devices: DeviceLister | None = None) -> None:
        super().__init__(parent)
        self.view, self.factory, self.store = view, factory, store
        self.handle: LiveHandle | None = None
        self.consent_box: QMessageBox | None = None
        self.keep_review = True  # emit ``finished`` (the window opens Review) after a session
        self._task: asyncio.Task[None] | None = None
        self.tasks = TaskKeeper("live", on_error=lambda e: self.view.set_notice(
            f"Something went wrong: {user_message(e)} (details in the log)"))
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._tick)
        self.stopping: LiveHandle | None = None  # the session being stopped
        self._finishing = QTimer(self)  # while stop() runs: what is left to do (the backfill)
        self._finishing.setInterval(500)
        self._finishing.timeout.connect(self._finishing_tick)
        view.set_start_available(factory is not None)
        view.startRequested.connect(self.start)
        view.stopRequested.connect(self.stop)
        view.markerRequested.connect(self.add_marker)
        view.markerNoted.connect(self.note_marker)
        self.setup = SetupDriver(view.setup, self.request, self._spawn, store=store,
                                 checker=checker, devices=devices)
        self.setup.show_devices([], [])

    # --- public API ------------------------------------------------------------------
    def request(self) -> LiveRequest:
        setup = self.view.setup
        api, model = self.store.load().live_stream if self.store is not None else ("v1", None)
        return LiveRequest(setup.video_spec(), setup.microphone_spec(), setup.goals(),
                           api=api, model=model)

    def start(self) -> None:
        """Start (after the one-time consent note); errors are shown on the page."""
        if self.factory is None or self.handle is not None:
            return
        if self.store is not None and not self.store.load().consent_given:
            self._ask_consent()
            return
        self.view.set_starting(True)
        self._task = self._spawn(self._start())

    def stop(self) -> None:
        """Stop once: the handle is taken at once, so a second click does nothing. The note
        being typed is saved first."""
        self.view.note_saver.flush()
        handle, self.handle = self.handle, None
        if handle is not None:
            self._task = self._spawn(self._stop(handle))

    def check(self) -> asyncio.Task[None] | None:
        """Run the pre-flight check for the chosen devices and show it with the fixes."""
        return self.setup.check()

    def refresh_devices(self) -> asyncio.Task[None] | None:
        """List cameras and microphones off the GUI thread, then fill the pickers."""
        return self.setup.refresh()

    @property
    def recording(self) -> bool:
        return self.handle is not None

    def add_marker(self, note: str = "") -> None:
        if self.handle is not None:
            t = self.handle.elapsed
            self.handle.add_marker(t, note)
            self.view.show_marker(t, note)

    def note_marker(self, t: float, note: str) -> None:
        """Give the marker at ``t`` its note (journalled like a new marker at the same time)."""
        if self.handle is not None:
            self.handle.add_marker(t, note)
            self.view.show_marker(t, note)

    def summarise(self, media: Path | None, library: Any = None,
                  entry: Any = None) -> asyncio.Task[None] | None:
        """The slow half of the summary (previous session, delivery metrics) off the GUI
        thread, once the recording is saved where it stays."""
        return self._spawn(self._summarise(media, library, entry))

    async def aclose(self) -> None:
        handle, self.handle = self.handle, None
        if handle is not None:
            await self._stop(handle)
        elif self._task is not None and not self._task.done():
            await self._task  # a stop in progress: let it save

    # --- internals ----------------------------------------------------------------------
    def _spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
        return self.tasks.spawn(coro)

    def _ask_consent(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Before your first recording",
                          CONSENT_TEXT, QMessageBox.StandardButton.Cancel, self.view)
        agree = box.addButton("I agree, start recording", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(agree)
        box.buttonClicked.connect(lambda b: self._consented() if b is agree else None)
        self.consent_box = box
        box.open()

    def _consented(self) -> None:
        assert self.store is not None
        self.store.save(replace(self.store.load(), consent_given=True))
        log.info("recording consent given")
        self.start()

    async def _start(self) -> None:
        assert self.factory is not None
        try:
            self.handle = await self.factory(self.request())
        except Exception as exc:  # camera busy, engine down …: say so, stay usable
            log.exception("live session did not start")
            self.view.set_starting(False, f"Could not start: {user_message(exc)}")
            self.failed.emit(user_message(exc))
            return
        handle = self.handle
        self.view.attach(handle.timeline, lambda: _image(handle.latest_frame()))
        self.view.set_recording(True)
        self.view.set_notice(" · ".join(handle.notes))
        self._timer.start()

    async def _stop(self, handle: LiveHandle) -> None:
        duration = handle.elapsed
        self._timer.stop()
        self.view.set_recording(False)
        self.view.set_notice(FINISHING)
        self.stopping = handle
        self._finishing.start()
        result = None
        try:
            result = await handle.stop()
        except Exception as exc:  # the segments are on disk; say what happened
            log.exception("stopping the live session failed")
            self.failed.emit(user_message(exc))
        finally:
            self._finishing.stop()
            self.stopping = None
            self.view.detach(summary=True)
            tl = handle.timeline
            self.view.summary.begin(duration, quality_of(tl), top_moments(tl), tl.markers,
                                    evidence_of(tl))
            self.view.set_starting(False)
            self.ended.emit(handle, result)
            if self.keep_review:
                self.finished.emit(getattr(result, "recording", None), handle.timeline)

    async def _summarise(self, media: Path | None, library: Any, entry: Any) -> None:
        self.view.summary.set_source(library, entry)  # its markers: the library's, edited or not
        self.view.summary.set_previous(await previous_session(library, entry))
        self.view.summary.set_delivery(await asyncio.to_thread(delivery_of, media))

    def _finishing_tick(self) -> None:
        """Show the backfill's progress ("Analysing after the session: …") while stopping."""
        if self.stopping is None:
            return
        try:
            status = self.stopping.health().get("backfill")
        except Exception:  # health is best effort while the pipeline winds down
            log.debug("health while finishing", exc_info=True)
            return
        self.view.set_notice(str(status) if status else FINISHING)

    def _tick(self) -> None:
        if self.handle is None:
            return
        elapsed = self.handle.elapsed
        self.view.set_now(elapsed)
        self.view.set_health(self.handle.health())
        self.view.set_lag(analysis_lag(elapsed, self.handle.timeline))


FINISHING = "Finishing: sending what is left and saving…"


def _image(frame: Any) -> Any:
    return getattr(frame, "image", frame)
