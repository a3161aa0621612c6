"""MainWindow: sidebar navigation, the stacked views, status bar, Help menu, window-wide drops.

The wiring lives beside it, each with ``install(window)``: menus (``window_menus``), results to
the library and Review (``results_wiring``), goals (``goals_wiring``), export, keep, tags, compare.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from interhuman_desktop.config.settings import SettingsStoreLike
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.session.v2_upload import v2_target_for
from interhuman_desktop.storage.library import AsyncLibrary, Entry
from interhuman_desktop.ui import (
    compare_wiring,
    export_wiring,
    goals_wiring,
    keep_wiring,
    known_wiring,
    results_wiring,
    tag_wiring,
    window_menus,
)
from interhuman_desktop.ui import help as help_dialogs
from interhuman_desktop.ui.backend_status import BackendStatus
from interhuman_desktop.ui.tasks import TaskKeeper
from interhuman_desktop.ui.views.analyze import AnalyzeView
from interhuman_desktop.ui.views.analyze_controller import AnalyzeController, ClientProvider
from interhuman_desktop.ui.views.analyze_text import not_found_text
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
        self.analysis.v2_target = lambda kind: v2_target_for(store.load(), library, kind)
        self.analysis.sound_target = lambda kind: v2_target_for(store.load(), library, kind,
                                                                "inter-2-audio")
        self.live_session = LiveController(self.live, live_factory, self, store=store,
                                           checker=live_checker, devices=devices)
        self.library_ctl = LibraryController(self.library, library, self)
        self.tasks = TaskKeeper("main window", on_error=lambda exc: self.statusBar().showMessage(
            f"Something went wrong: {exc} (details in the log)", 10_000))
        self._connect()
        self._setup_ui()
        window_menus.install(self, VIEWS)
        self.exports = export_wiring.install(self)  # Export… in File, Library and Review
        self.keeper = keep_wiring.install(self)  # privacy: keep the recording always/ask/never
        self.tags = tag_wiring.install(self)  # tag chips and the tag filter in the Library
        self.comparing = compare_wiring.install(self)  # Library ▸ Compare; Progress's data
        self.known = known_wiring.install(self)  # a file already in the Library says so
        self.backend_status.show(store.load())
        self._restore()

    # --- public API ------------------------------------------------------------------
    def view(self, name: str) -> QWidget:
        widget = self._stack.widget(VIEWS.index(name))
        assert widget is not None  # every name in VIEWS has its page
        return widget

    def current_view_name(self) -> str:
        return VIEWS[self._stack.currentIndex()]

    def show_view(self, name: str) -> None:
        self._nav.setCurrentRow(VIEWS.index(name))

    def open_files(self, paths: list[Path]) -> list[Path]:
        """Route files to the Analyze view (and show it)."""
        self.show_view("Analyze")
        return self.analyze.add_files(paths)

    def show_result(self, media_path: Path | None, timeline: SessionTimeline,
                    entry: Entry | None = None) -> None:
        """Open an analysis in Review (``entry``: the library entry it is)."""
        self.results.review_entry(media_path, timeline, entry)
        self.show_view("Review")

    def set_backend_state(self, state: str, kind: str | None = None) -> None:
        """e.g. "idle", "starting", "ready", "connected", "error: …" of backend ``kind``
        ("local" / "cloud"; None: the one in use)."""
        self.backend_status.set_state(state, kind)

    def start_services(self, recover_from: Path | None = None) -> None:
        """Once the event loop runs: list devices, load the library, and recover the live
        sessions that a crash or a kill left in ``recover_from`` (they join the library)."""
        self.live_session.refresh_devices()
        self.library_ctl.refresh()
        self.analysis.resume_batches()  # folder batches a kill or quit left unfinished
        last = self._qsettings.value("review/entry")
        self.library_ctl.reopen(int(last) if str(last or "").isdigit() else None)
        if recover_from is not None:
            self.tasks.spawn(self.results.recover_sessions(recover_from), name="recover-sessions")
        self.tasks.spawn(self.analysis.resume_jobs(), name="resume-upload-jobs")

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
        self.goal_sync = goals_wiring.install(self)  # one goals setting in every view
        self.results = results_wiring.install(self, self._qsettings)  # to library and Review
        self.analysis.enable_batches(self.library_ctl, lambda: self.store.load().effective_backend)
        self.library.reanalyse_defaults = lambda: (self.store.load().goals,
                                                   self.store.load().effective_backend)
        self.quit_guard = QuitGuard(self, lambda: self.live_session.recording)
        self.settings_view.settingsChanged.connect(lambda s: self.backend_status.show(s))
        self.analysis.jobChanged.connect(lambda _job: self.backend_status.follow(self.analysis))
        self.settings_view.settingsChanged.connect(lambda _s: self.goal_sync.sync())
        self.analyze.notFound.connect(
            lambda paths: self.statusBar().showMessage(not_found_text(paths), 20_000))

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
        self.backend_status = BackendStatus(self.statusBar())

    def _style_nav(self) -> None:
        self._nav.setStyleSheet("QListWidget { border: none; font-size: 11pt; }"
                                "QListWidget::item { padding: 10px 14px; }")

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch: re-polish the style-sheeted sidebar with the new palette."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._nav.setStyleSheet("")
            self._style_nav()
        super().changeEvent(event)

    # --- slots ------------------------------------------------------------------------
    def show_shortcuts(self) -> QMessageBox:
        return help_dialogs.show_shortcuts(self)

    def show_about(self) -> QMessageBox:
        return help_dialogs.show_about(self)

    def open_log_file(self) -> bool:
        return help_dialogs.open_log_file(self, self.log_path)

    def _on_nav(self, row: int) -> None:
        self._stack.setCurrentIndex(row)
        name = VIEWS[row]
        if name == "Settings":  # other views may have changed goals/devices since
            self.settings_view.show_settings(self.store.load())
        elif name == "Live" and self.live_session.handle is None:
            self.live.setup.set_goals(self.store.load().goals)

    # --- drag and drop, geometry --------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if video_paths_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
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
