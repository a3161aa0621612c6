"""MainWindow: sidebar navigation, the stacked views, status bar, Help menu, window-wide drops.

It also wires the controllers together: a finished file analysis and a finished live session
are saved to the library (when one is given); a live session then shows its summary and
opens in Review from there.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QSettings
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from interhuman_desktop.config.settings import AppSettings, SettingsStoreLike
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.session.v2_upload import v2_target_for
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui import compare_wiring, export_wiring, keep_wiring, tag_wiring
from interhuman_desktop.ui import help as help_dialogs
from interhuman_desktop.ui.tasks import TaskKeeper
from interhuman_desktop.ui.views.analyze import AnalyzeView
from interhuman_desktop.ui.views.analyze_controller import AnalyzeController, ClientProvider
from interhuman_desktop.ui.views.compare import CompareView
from interhuman_desktop.ui.views.library import LibraryView
from interhuman_desktop.ui.views.library_controller import LibraryController
from interhuman_desktop.ui.views.live import LiveView
from interhuman_desktop.ui.views.live_controller import LiveController
from interhuman_desktop.ui.views.live_handle import LiveFactory
from interhuman_desktop.ui.views.live_quit import QuitGuard
from interhuman_desktop.ui.views.live_setup_controller import Checker, DeviceLister
from interhuman_desktop.ui.views.progress import ProgressView
from interhuman_desktop.ui.views.review import ReviewView
from interhuman_desktop.ui.views.settings import ConnectionTester, SettingsView
from interhuman_desktop.ui.widgets.drop_zone import split_drop, video_paths_from_mime

log = logging.getLogger(__name__)
VIEWS = ("Live", "Analyze", "Library", "Review", "Compare", "Progress", "Settings")
VIEW_MENU = ("&Live", "&Analyze", "Li&brary", "&Review", "&Compare", "&Progress",
             "&Settings")  # unique mnemonics


class MainWindow(QMainWindow):
    """The shell. ``show_view(name)`` switches pages; dropped files go to Analyze."""

    def __init__(self, store: SettingsStoreLike, tester: ConnectionTester | None = None,
                 qsettings: QSettings | None = None, log_path: Path | None = None,
                 client_provider: ClientProvider | None = None,
                 live_factory: LiveFactory | None = None, *,
                 library: AsyncLibrary | None = None, live_checker: Checker | None = None,
                 devices: DeviceLister | None = None,
                 backend_clients: dict[str, ClientProvider] | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Interhuman Desktop")
        self.setAcceptDrops(True)
        self.store, self.log_path = store, log_path
        self._qsettings = qsettings or QSettings()
        self.live, self.analyze, self.library = LiveView(), AnalyzeView(), LibraryView()
        self.review = ReviewView()
        self.compare_view, self.progress_view = CompareView(), ProgressView()
        self.settings_view = SettingsView(store, tester)
        self.analysis = AnalyzeController(  # backend_clients: "local"/"cloud" forced (retry)
            self.analyze, client_provider, self, providers=backend_clients,
            backend_kind=lambda: self.store.load().effective_backend)
        self.analysis.v2_target = lambda: v2_target_for(store.load(), library)  # V2 upload jobs
        self.live_session = LiveController(self.live, live_factory, self, store=store,
                                           checker=live_checker, devices=devices)
        self.library_ctl = LibraryController(self.library, library, self)
        self.tasks = TaskKeeper("main window", on_error=lambda exc: self.statusBar().showMessage(
            f"Something went wrong: {exc} (details in the log)", 10_000))
        self._connect()
        self._setup_ui()
        self._setup_menus()
        self.exports = export_wiring.install(self)  # Export… in File, Library and Review
        self.keeper = keep_wiring.install(self)  # privacy: keep the recording always/ask/never
        self.tags = tag_wiring.install(self)  # tag chips and the tag filter in the Library
        self.comparing = compare_wiring.install(self)  # Library ▸ Compare; Progress's data
        self._shown_kind: str | None = None
        self._show_backend(store.load())
        self._restore()

    # --- public API ------------------------------------------------------------------
    def view(self, name: str) -> QWidget:
        return self._stack.widget(VIEWS.index(name))

    def current_view_name(self) -> str:
        return VIEWS[self._stack.currentIndex()]

    def show_view(self, name: str) -> None:
        self._nav.setCurrentRow(VIEWS.index(name))

    def open_files(self, paths: list[Path]) -> list[Path]:
        """Route files to the Analyze view (and show it)."""
        self.show_view("Analyze")
        return self.analyze.add_files(paths)

    def show_result(self, media_path: Path | None, timeline: SessionTimeline,
                    entry: Any = None) -> None:
        """Open an analysis in Review (``entry``: the library entry it is)."""
        self._review_entry(media_path, timeline, entry)
        self.show_view("Review")

    def _review_entry(self, media_path: Path | None, timeline: SessionTimeline,
                      entry: Any = None) -> None:
        self.review.load(media_path, timeline, entry)
        if entry is not None:  # reopened at the next start
            self._qsettings.setValue("review/entry", entry.id)

    def set_backend_state(self, state: str) -> None:
        """e.g. "idle", "starting", "ready", "connected", "error: …"."""
        self._backend_state.setText(f"· {state}")

    def start_services(self, recover_from: Path | None = None) -> None:
        """Once the event loop runs: list devices, load the library, and recover the live
        sessions that a crash or a kill left in ``recover_from`` (they join the library)."""
        self.live_session.refresh_devices()
        self.library_ctl.refresh()
        self.analysis.resume_batches()  # folder batches a kill or quit left unfinished
        last = self._qsettings.value("review/entry")
        self.library_ctl.reopen(int(last) if str(last or "").isdigit() else None)
        if recover_from is not None:
            self.tasks.spawn(self._recover_sessions(recover_from), name="recover-sessions")
        self.tasks.spawn(self.analysis.resume_jobs(), name="resume-upload-jobs")

    async def _recover_sessions(self, root: Path) -> None:
        from interhuman_desktop.session.recovery import recover_unfinished

        for found in await asyncio.to_thread(recover_unfinished, root):
            title = f"Recovered session {found.folder.name}"
            self.library_ctl.save_live(found.folder, found.recording, found.timeline, title,
                                       "recovered after a crash")
            self.statusBar().showMessage(f"{title}: kept {found.segments} segments", 10_000)

    async def aclose(self) -> None:
        """Stop capture (saving the session), cancel uploads, close the library."""
        await self.live_session.aclose()
        await self.live_session.tasks.aclose()  # a device listing or check still running
        await self.analysis.aclose()
        await self.tasks.aclose()  # e.g. a recovery still running
        await self.settings_view.tasks.aclose()
        await self.library_ctl.aclose()

    # --- wiring -------------------------------------------------------------------------
    def _connect(self) -> None:
        s = self.store.load()
        self.analyze.set_options(s.goals, s.conversation_context)
        self.analyze.optionsChanged.connect(self._remember_analyze_options)
        self.live.setup.goalsChanged.connect(lambda _g: self._sync_goals())  # saved by Live
        self.analysis.resultReady.connect(self.show_result)
        self.analysis.analysed.connect(self._save_analysis)
        self.analysis.enable_batches(self.library_ctl, lambda: self.store.load().effective_backend)
        self.live_session.keep_review = self.library_ctl.library is None
        self.live_session.finished.connect(self._live_finished)
        self.live.summary.reviewRequested.connect(self._review_at)
        self.quit_guard = QuitGuard(self, lambda: self.live_session.recording)
        self.live_session.ended.connect(self._save_live)
        self.library_ctl.openEntry.connect(self.show_result)
        self.library.reanalyse_defaults = lambda: (self.store.load().goals,
                                                   self.store.load().effective_backend)
        self.library.reanalyseRequested.connect(self._reanalyse)
        self.library.deleteRequested.connect(  # its markers could not be kept any more
            lambda e: self.review.unload() if self.review.entry is not None
            and self.review.entry.id == e.id else None)
        self.library_ctl.restored.connect(lambda media, tl, entry: self._review_entry(
            media, tl, entry) if self.review.timeline is None else None)
        self.review.markersChanged.connect(
            lambda: self.library_ctl.save_markers(self.review.entry, self.review.timeline)
            if self.review.entry is not None and self.review.timeline is not None else None)
        self.settings_view.settingsChanged.connect(self._show_backend)
        self.settings_view.settingsChanged.connect(lambda _s: self._sync_goals())

    def _reanalyse(self, entry: Any, goals: tuple[str, ...], kind: str) -> None:
        self.show_view("Analyze")
        self.analysis.reanalyse(entry.media, goals, kind)

    def _remember_analyze_options(self) -> None:
        self.store.save(replace(self.store.load(), goals=self.analyze.goals(),
                                conversation_context=self.analyze.context()))
        self._sync_goals()

    def _sync_goals(self) -> None:
        """One goals setting: Analyze, Live and Settings all show what the store holds."""
        s = self.store.load()
        goals = set(s.goals)
        if set(self.analyze.goals()) != goals:
            self.analyze.set_options(s.goals, self.analyze.context())
        if set(self.live.setup.goals()) != goals and self.live_session.handle is None:
            self.live.setup.set_goals(s.goals)
        if set(self.settings_view.settings().goals) != goals:
            self.settings_view.show_settings(s)

    def _save_analysis(self, job: Any) -> None:
        duration = job.info.duration if job.info is not None else None
        self.library_ctl.save_file(job.path, job.timeline, job.raw_results, duration,
                                   self.analysis.kind_of(job.path))

    def _save_live(self, handle: Any, result: Any) -> None:
        if self.library_ctl.library is None:
            return
        recording = getattr(result, "recording", None)
        folder = getattr(handle, "folder", None)
        if folder is None:
            self.show_result(recording, handle.timeline)
            return
        title = datetime.now().strftime("Live session %Y-%m-%d %H:%M")
        task = self.library_ctl.save_live(folder, recording, handle.timeline, title,
                                          getattr(handle, "source", "camera"),
                                          self.store.load().effective_backend)
        if task is not None:
            task.add_done_callback(lambda t: self._open_saved(t, handle.timeline))

    def _open_saved(self, task: asyncio.Task, timeline: SessionTimeline) -> None:
        entry = None if task.cancelled() or task.exception() is not None else task.result()
        self._live_finished(entry.media if entry is not None else None, timeline, entry)

    def _live_finished(self, media: Path | None, timeline: SessionTimeline,
                       entry: Any = None) -> None:
        """Review gets the session; Live shows its summary (the moments open Review)."""
        self._review_entry(media, timeline, entry)
        self.live_session.summarise(media, self.library_ctl.library, entry)

    def _review_at(self, seconds: float) -> None:
        self.show_view("Review")
        self.review.seek(seconds)

    # --- building -----------------------------------------------------------------------
    def _setup_ui(self) -> None:
        self._nav = QListWidget()
        self._nav.setAccessibleName("Navigation")
        self._nav.addItems(list(VIEWS))
        self._nav.setFixedWidth(150)
        self._style_nav()
        self._stack = QStackedWidget()
        for view in (self.live, self.analyze, self.library, self.review, self.compare_view,
                     self.progress_view, self.settings_view):
            self._stack.addWidget(view)
        self._nav.currentRowChanged.connect(self._on_nav)
        self._nav.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._nav)
        layout.addWidget(self._stack, 1)
        self.setCentralWidget(central)
        self._backend_label = QLabel()
        self._backend_label.setAccessibleName("Analysis backend")
        self._backend_state = QLabel()
        self._backend_state.setAccessibleName("Backend state")
        self.statusBar().addPermanentWidget(self._backend_label)
        self.statusBar().addPermanentWidget(self._backend_state)

    def _style_nav(self) -> None:
        self._nav.setStyleSheet("QListWidget { border: none; font-size: 11pt; }"
                                "QListWidget::item { padding: 10px 14px; }")

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch: re-polish the style-sheeted sidebar with the new palette."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._nav.setStyleSheet("")
            self._style_nav()
        super().changeEvent(event)

    def _setup_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open video files…", "Ctrl+O", self._open_dialog)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", "Ctrl+Q", self.close)
        view_menu = self.menuBar().addMenu("&View")
        for i, (name, text) in enumerate(zip(VIEWS, VIEW_MENU, strict=True)):
            self._action(view_menu, text, f"Ctrl+{i + 1}", lambda n=name: self.show_view(n))
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", "F1", self.show_shortcuts)
        self._action(help_menu, "Open &log file", None, self.open_log_file)
        help_menu.addSeparator()
        self._action(help_menu, "&About Interhuman Desktop", None, self.show_about)

    def _action(self, menu, text: str, keys: str | None, slot) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(keys)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # --- slots ------------------------------------------------------------------------
    def show_shortcuts(self) -> QMessageBox:
        return help_dialogs.show_shortcuts(self)

    def show_about(self) -> QMessageBox:
        return help_dialogs.show_about(self)

    def open_log_file(self) -> bool:
        return help_dialogs.open_log_file(self, self.log_path)

    def _open_dialog(self) -> None:
        self.show_view("Analyze")
        self.analyze.open_files()

    def _on_nav(self, row: int) -> None:
        self._stack.setCurrentIndex(row)
        name = VIEWS[row]
        if name == "Settings":  # other views may have changed goals/devices since
            self.settings_view.show_settings(self.store.load())
        elif name == "Live" and self.live_session.handle is None:
            self.live.setup.set_goals(self.store.load().goals)

    def _show_backend(self, settings: AppSettings) -> None:
        text = f"Backend: {settings.backend_label}"
        if settings.backend == "cloud" and not settings.api_key:
            text += " (add a cloud API key in Settings to use the cloud)"
        self._backend_label.setText(text)
        kind = settings.effective_backend
        if kind != self._shown_kind:  # the state shown belongs to the backend in use only
            self._shown_kind = kind
            self.set_backend_state("idle (starts when needed)" if kind == "local"
                                   else "key not checked yet (Test connection in Settings)")

    # --- drag and drop, geometry --------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if video_paths_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if video_paths_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files, folders = split_drop(event.mimeData())  # a folder is a resumable batch
        if files or folders:
            self.open_files(files)
            self.analyze.add_folders(folders)
            event.acceptProposedAction()

    def _restore(self) -> None:
        geometry = self._qsettings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        view = self._qsettings.value("window/view")
        if view in VIEWS:
            self.show_view(str(view))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.quit_guard.allows(event):
            return
        self._qsettings.setValue("window/geometry", self.saveGeometry())
        self._qsettings.setValue("window/view", self.current_view_name())
        self._qsettings.sync()
        self.review.unload()
        self.compare_view.unload()
        self.live.detach()
        super().closeEvent(event)
