"""Composition root: QApplication, qasync loop, logging, excepthook, theme, the services
(``session.backend.BackendProvider``, ``session.live_service.LiveService``, the library) and
the main window wired to them.

Qt is imported here and in ``ui/`` only; ``commands/gui.py`` imports this module lazily. The
window's offscreen self-test is :mod:`interhuman_desktop.ui.selftest`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from interhuman_desktop.session.backend import BackendProvider

APP_NAME = "Interhuman Desktop"
ORG_NAME = "Interhuman"
log = logging.getLogger(__name__)


def log_file_path() -> Path:
    from interhuman_desktop.config.paths import log_dir

    return log_dir() / "interhuman.log"


def setup_logging(path: Path, level: int = logging.INFO) -> Path:
    """Add a rotating file handler (5 × 2 MB) to the root logger; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    handler.setLevel(level)
    root = logging.getLogger()
    console_level = root.level or logging.WARNING
    for existing in root.handlers:  # keep the console as quiet as the CLI configured it
        if existing.level == logging.NOTSET:
            existing.setLevel(console_level)
    root.addHandler(handler)
    root.setLevel(min(console_level, level))
    from interhuman_desktop.core.redact import install_redaction

    install_redaction()  # the file and the console never show a credential
    return path


def install_excepthook(show: bool = True) -> None:
    """Log uncaught exceptions (also from qasync slots) and show them instead of dying."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("uncaught exception", exc_info=(kind, exc, tb))
        if show:
            _show_error(kind, exc, tb)

    sys.excepthook = hook


def install_loop_exception_handler(loop: asyncio.AbstractEventLoop, show: bool = True) -> None:
    """Errors escaping asyncio tasks and callbacks are logged and shown, never fatal."""

    def handler(_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        log.error("error in the event loop: %s", context.get("message"),
                  exc_info=(type(exc), exc, exc.__traceback__) if exc else None)
        if show and exc is not None and not isinstance(exc, asyncio.CancelledError):
            _show_error(type(exc), exc, exc.__traceback__)

    loop.set_exception_handler(handler)


def _show_error(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong",
                      f"{kind.__name__}: {exc}\n\nThe app keeps running; details are in the "
                      f"log file ({log_file_path()}).")
    box.setDetailedText("".join(traceback.format_exception(kind, exc, tb)))
    box.open()


def _quit_on_sigint(app: Any) -> None:
    """Ctrl+C in the terminal closes the window like the user would (services shut down)."""
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_: app.closeAllWindows())
    timer = QTimer(app)  # wakes the interpreter so the Python signal handler can run
    timer.timeout.connect(lambda: None)
    timer.start(300)


def open_library() -> Any:
    from interhuman_desktop.config.paths import data_dir
    from interhuman_desktop.storage.library import AsyncLibrary

    return AsyncLibrary(data_dir() / "library")


def build_window(store: Any, provider: BackendProvider, path: Path | None,
                 library: Any = None) -> Any:
    from interhuman_desktop.session.live_service import LiveService
    from interhuman_desktop.storage.secrets import key_storage_note
    from interhuman_desktop.ui.first_run import ensure_permission
    from interhuman_desktop.ui.main_window import MainWindow

    live = LiveService(provider, store.load, ensure_permission)
    window = MainWindow(store, tester=provider.test, log_path=path,
                        client_provider=provider.client, live_factory=live.start,
                        library=library, live_checker=live.check, devices=live.devices,
                        backend_clients=forced_clients(store, provider))
    provider.watch(lambda kind, state: window.set_backend_state(state, kind))  # status bar
    window.settings_view.set_key_storage(key_storage_note())  # a plain file: say so
    return window


_FORCED: list[BackendProvider] = []  # closed with the main provider at quit


def forced_clients(store: Any, provider: BackendProvider) -> dict[str, Any]:
    """A client of the local engine / the cloud whatever Settings choose ("Analyse locally
    instead", "Re-analyse…" with another backend); the Settings' own backend reuses the main
    provider, so only one local engine runs at a time when nothing else is asked."""
    from dataclasses import replace

    from interhuman_desktop.session.backend import BackendProvider

    def client_for(kind: str) -> Any:
        forced = BackendProvider(lambda: replace(store.load(), backend=kind),
                                 lambda text: log.info("%s backend: %s", kind, text))
        _FORCED.append(forced)

        async def client() -> Any:
            if store.load().effective_backend == kind:
                return await provider.client()
            return await forced.client()

        return client

    return {"local": client_for("local"), "cloud": client_for("cloud")}


def run(argv: list[str] | None = None, theme: str | None = None,
        files: list[Path] | None = None) -> int:
    """Start the GUI and block until the main window closes; returns the exit code.

    ``files`` open in Analyze. When the app already runs, they are handed to it instead and
    this launch exits at once.
    """
    import qasync
    from PySide6.QtWidgets import QApplication

    from interhuman_desktop.config.settings import settings_path
    from interhuman_desktop.config.settings_store import JsonSettingsStore
    from interhuman_desktop.session.backend import BackendProvider
    from interhuman_desktop.storage.api_key import KeyringApiKey
    from interhuman_desktop.ui.first_run import show_welcome_once
    from interhuman_desktop.ui.gui_gc import collect_on_gui_thread
    from interhuman_desktop.ui.single_instance import SingleInstance, hand_off
    from interhuman_desktop.ui.theme import apply_theme

    path = setup_logging(log_file_path())
    install_excepthook()
    store = JsonSettingsStore(settings_path(), secret=KeyringApiKey())
    store.preload()  # the keyring is read in a worker while Qt starts
    app = cast(QApplication, QApplication.instance() or QApplication(argv or sys.argv))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setDesktopFileName("interhuman-desktop")
    app.setQuitOnLastWindowClosed(False)  # until_quit() closes services, then the loop ends
    collect_on_gui_thread(app)  # never in a worker thread: Qt objects die on their own thread
    if hand_off(list(files or [])):
        log.info("handed %d file(s) to the running app", len(files or []))
        return 0
    instance = SingleInstance(parent=app)
    instance.listen()
    _quit_on_sigint(app)
    apply_theme(app, theme or store.load().theme)
    provider = BackendProvider(store.load, lambda text: log.info("backend: %s", text))
    window = build_window(store, provider, path, open_library())
    window.settings_view.settingsChanged.connect(lambda s: apply_theme(app, s.theme))
    app.styleHints().colorSchemeChanged.connect(  # "Follow system" follows it live too
        lambda _scheme: apply_theme(app, store.load().theme))
    window.show()
    instance.filesReceived.connect(lambda paths: _bring_forward(window, paths))
    if files:
        window.open_files(list(files))
    show_welcome_once(window, store)
    log.info("GUI started (log: %s)", path)

    async def until_quit() -> None:
        closed = asyncio.Event()
        app.lastWindowClosed.connect(closed.set)
        install_loop_exception_handler(asyncio.get_running_loop())
        from interhuman_desktop.config.paths import sessions_dir

        window.start_services(recover_from=sessions_dir())
        await closed.wait()
        await window.aclose()  # stop capture, drain, save; cancel uploads; close the library
        await provider.aclose()  # stops the local engine child
        for forced in _FORCED:
            await forced.aclose()

    with contextlib.suppress(asyncio.CancelledError):
        qasync.run(until_quit())
    return 0


def _bring_forward(window: Any, files: list[Path]) -> None:
    """Another launch handed files over (or was just started again): show them, and us."""
    if files:
        window.open_files(files)
    window.showNormal()
    window.raise_()
    window.activateWindow()
