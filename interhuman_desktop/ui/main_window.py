"""MainWindow: sidebar navigation, the stacked views, status bar, Help menu, window-wide drops."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from interhuman_desktop import __version__
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.settings_store import AppSettings, SettingsStoreLike
from interhuman_desktop.ui.views.analyze import AnalyzeView
from interhuman_desktop.ui.views.analyze_controller import AnalyzeController, ClientProvider
from interhuman_desktop.ui.views.library import LibraryView
from interhuman_desktop.ui.views.live import LiveView
from interhuman_desktop.ui.views.live_controller import LiveController, LiveFactory
from interhuman_desktop.ui.views.review import ReviewView
from interhuman_desktop.ui.views.review_keys import shortcuts_html
from interhuman_desktop.ui.views.settings import ConnectionTester, SettingsView
from interhuman_desktop.ui.widgets.drop_zone import video_paths_from_mime

log = logging.getLogger(__name__)
VIEWS = ("Live", "Analyze", "Library", "Review", "Settings")


class MainWindow(QMainWindow):
    """The shell. ``show_view(name)`` switches pages; dropped files go to Analyze."""

    def __init__(self, store: SettingsStoreLike, tester: ConnectionTester | None = None,
                 qsettings: QSettings | None = None, log_path: Path | None = None,
                 client_provider: ClientProvider | None = None,
                 live_factory: LiveFactory | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Interhuman Desktop")
        self.setAcceptDrops(True)
        self.log_path = log_path
        self._qsettings = qsettings or QSettings()
        self.live = LiveView()
        self.analyze = AnalyzeView()
        self.library = LibraryView()
        self.review = ReviewView()
        self.settings_view = SettingsView(store, tester)
        self.analysis = AnalyzeController(self.analyze, client_provider,
                                          lambda: store.load().goals, self)
        self.analysis.resultReady.connect(self.show_result)
        self.live_session = LiveController(self.live, live_factory, self)
        self.live_session.finished.connect(self.show_result)
        self._setup_ui()
        self._setup_menus()
        self.settings_view.settingsChanged.connect(self._show_backend)
        self._show_backend(store.load())
        self.set_backend_state("idle")
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

    def show_result(self, media_path: Path | None, timeline: SessionTimeline) -> None:
        """Open an analysis in Review."""
        self.review.load(media_path, timeline)
        self.show_view("Review")

    def set_backend_state(self, state: str) -> None:
        """e.g. "idle", "starting", "ready", "connected", "error: …"."""
        self._backend_state.setText(f"· {state}")

    # --- building -----------------------------------------------------------------------
    def _setup_ui(self) -> None:
        self._nav = QListWidget()
        self._nav.setAccessibleName("Navigation")
        self._nav.addItems(list(VIEWS))
        self._nav.setFixedWidth(150)
        self._nav.setStyleSheet("QListWidget { border: none; font-size: 11pt; }"
                                "QListWidget::item { padding: 10px 14px; }")
        self._stack = QStackedWidget()
        for view in (self.live, self.analyze, self.library, self.review, self.settings_view):
            self._stack.addWidget(view)
        self._nav.currentRowChanged.connect(self._stack.setCurrentIndex)
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

    def _setup_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open video files…", "Ctrl+O", self._open_dialog)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", "Ctrl+Q", self.close)
        view_menu = self.menuBar().addMenu("&View")
        for i, name in enumerate(VIEWS):
            self._action(view_menu, name, f"Ctrl+{i + 1}", lambda n=name: self.show_view(n))
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
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", shortcuts_html(),
                          QMessageBox.StandardButton.Close, self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.open()
        return box

    def show_about(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.NoIcon, "About Interhuman Desktop",
                          f"<h3>Interhuman Desktop {__version__}</h3><p>Social signals, "
                          "engagement and conversation quality in video, live or from files."
                          "</p><p>Signals are observations of behaviour, not a readout of "
                          "feelings.</p>", QMessageBox.StandardButton.Close, self)
        box.open()
        return box

    def open_log_file(self) -> bool:
        """Open the log in the system's viewer; says so (non-blocking) if there is none."""
        if self.log_path is None or not self.log_path.exists():
            box = QMessageBox(QMessageBox.Icon.Information, "Log file",
                              "No log file has been written yet.",
                              QMessageBox.StandardButton.Close, self)
            box.open()
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_path)))

    def _open_dialog(self) -> None:
        self.show_view("Analyze")
        self.analyze.open_files()

    def _show_backend(self, settings: AppSettings) -> None:
        self._backend_label.setText(f"Backend: {settings.backend_label}")

    # --- drag and drop, geometry --------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if video_paths_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if video_paths_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = video_paths_from_mime(event.mimeData())
        if paths:
            self.open_files(paths)
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
        self._qsettings.setValue("window/geometry", self.saveGeometry())
        self._qsettings.setValue("window/view", self.current_view_name())
        self._qsettings.sync()
        self.review.unload()
        self.live.detach()
        super().closeEvent(event)
