"""Composition root: QApplication, qasync loop, logging, excepthook, theme and main window.

Qt is imported here and in ``ui/`` only; ``commands/gui.py`` imports this module lazily.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

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


class BackendProvider:
    """The GUI's one SDK client, for the backend chosen in Settings.

    The local engine child starts on first use (off the GUI thread) and stops at quit; a change
    of backend or key in Settings replaces the client on next use.
    """

    def __init__(self, settings: Callable[[], Any], on_state: Callable[[str], None]) -> None:
        self._settings, self._on_state = settings, on_state
        self._client: Any = None
        self._wanted: tuple[str, str] | None = None
        self._http: Any = None
        self._engine: Any = None
        self.base_url: str | None = None
        self._lock = asyncio.Lock()

    async def client(self) -> Any:
        s = self._settings()
        backend = getattr(s, "effective_backend", s.backend)
        wanted = (backend, s.api_key if backend == "cloud" else "")
        async with self._lock:
            if self._client is None or wanted != self._wanted:
                await self._close()
                from interhuman_desktop.api.backend import make_client, make_http_client

                backend = await self._backend(s, wanted[0])
                self.base_url = backend.base_url
                self._http = make_http_client()
                self._client, self._wanted = make_client(backend, self._http), wanted
            return self._client

    async def test(self, settings: Any) -> str:
        """The Settings "Test connection": a healthy local engine, or a cloud key present."""
        if settings.backend == "cloud":
            if not settings.api_key:
                raise RuntimeError("the Interhuman cloud needs an API key: paste it above "
                                   "(keys are at platform.interhuman.ai)")
            await self.client()
            return "Key saved; the service checks it on the first upload"
        await self.client()
        response = await self._http.get(f"{self._engine.base_url}/healthz")
        response.raise_for_status()
        return f"Local engine running at {self._engine.base_url}"

    async def aclose(self) -> None:
        async with self._lock:
            await self._close()

    async def _backend(self, s: Any, kind: str) -> Any:
        from interhuman_desktop.api.backend import Backend

        if kind == "cloud":
            if not s.api_key:
                raise RuntimeError("the Interhuman cloud needs an API key: add it in Settings")
            self._on_state("Interhuman cloud ready")
            return Backend.cloud(s.api_key)
        from interhuman_desktop.engine.child import start_engine

        self._on_state("starting the local engine…")
        try:
            self._engine = await asyncio.to_thread(start_engine)
        except Exception:
            self._on_state("local engine failed to start (see the log)")
            raise
        self._on_state("local engine ready")
        return Backend.local(self._engine.base_url, self._engine.api_key)

    async def _close(self) -> None:
        if self._http is not None:
            await self._http.aclose()
        if self._engine is not None:
            await asyncio.to_thread(self._engine.stop)
            self._on_state("idle")
        self._client = self._http = self._engine = self._wanted = None


from interhuman_desktop.ui.live_backend import (  # noqa: E402  (re-exported for callers)
    LiveHandle,
    list_devices,
    live_checker,
    live_factory,
    open_request_sources,
)

__all__ = ["BackendProvider", "LiveHandle", "list_devices", "live_checker", "live_factory",
           "open_main_window_for_self_test", "open_request_sources", "run"]


def open_library() -> Any:
    from interhuman_desktop.config.paths import data_dir
    from interhuman_desktop.storage.library import AsyncLibrary

    return AsyncLibrary(data_dir() / "library")


def build_window(store: Any, provider: BackendProvider, path: Path | None,
                 library: Any = None) -> Any:
    from interhuman_desktop.ui.main_window import MainWindow

    return MainWindow(store, tester=provider.test, log_path=path,
                      client_provider=provider.client,
                      live_factory=live_factory(provider, store.load), library=library,
                      live_checker=live_checker(), devices=list_devices)


def run(argv: list[str] | None = None, theme: str | None = None,
        files: list[Path] | None = None) -> int:
    """Start the GUI and block until the main window closes; returns the exit code.

    ``files`` open in Analyze. When the app already runs, they are handed to it instead and
    this launch exits at once.
    """
    import qasync
    from PySide6.QtWidgets import QApplication

    from interhuman_desktop.config.settings import KeyringApiKey, settings_path
    from interhuman_desktop.config.settings_store import JsonSettingsStore
    from interhuman_desktop.ui.first_run import show_welcome_once
    from interhuman_desktop.ui.single_instance import SingleInstance, hand_off
    from interhuman_desktop.ui.theme import apply_theme

    path = setup_logging(log_file_path())
    install_excepthook()
    store = JsonSettingsStore(settings_path(), secret=KeyringApiKey())
    store.preload()  # the keyring is read in a worker while Qt starts
    app = QApplication.instance() or QApplication(argv or sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setDesktopFileName("interhuman-desktop")
    app.setQuitOnLastWindowClosed(False)  # until_quit() closes services, then the loop ends
    if hand_off(list(files or [])):
        log.info("handed %d file(s) to the running app", len(files or []))
        return 0
    instance = SingleInstance(parent=app)
    instance.listen()
    _quit_on_sigint(app)
    apply_theme(app, theme or store.load().theme)
    holder: list[Any] = []
    provider = BackendProvider(store.load, lambda text: holder[0].set_backend_state(text))
    window = build_window(store, provider, path, open_library())
    holder.append(window)
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


def ensure_qapplication(argv: list[str] | None = None) -> Any:
    """The QApplication; offscreen when there is no display (bundle checks, CI, benches)."""
    import os

    if (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
            and not os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    import interhuman_desktop.ui  # noqa: F401  (the refcount guard, before any Qt call)

    return QApplication.instance() or QApplication(argv or sys.argv[:1])


def wait_for_first_paint(app: Any, widget: Any, timeout: float = 10.0) -> bool:
    """Process events until ``widget`` painted once (True) or ``timeout`` seconds passed."""
    import time

    from PySide6.QtCore import QEvent, QObject

    painted: list[bool] = []

    class _Spy(QObject):
        def eventFilter(self, _obj: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    spy = _Spy()
    widget.installEventFilter(spy)
    deadline = time.monotonic() + timeout
    try:
        while not painted and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
    finally:
        widget.removeEventFilter(spy)
    return bool(painted)


def open_main_window_for_self_test(timeout: float = 10.0) -> bool:
    """Bundle self-test: create the app, open the main window, wait for its first paint, close.

    Uses in-memory settings, no library and no engine; no event loop is left running.
    Returns True when the window painted.
    """
    try:
        app = ensure_qapplication()
        import tempfile

        from PySide6.QtCore import QSettings

        from interhuman_desktop.config.settings import MemorySettingsStore
        from interhuman_desktop.ui.main_window import MainWindow

        with tempfile.TemporaryDirectory(prefix="ih-selftest-") as tmp:
            qs = QSettings(str(Path(tmp) / "selftest.ini"), QSettings.Format.IniFormat)
            window = MainWindow(MemorySettingsStore(), qsettings=qs)
            window.show()
            ok = wait_for_first_paint(app, window, timeout)
            window.close()
            window.deleteLater()
            app.processEvents()
        log.info("self-test: main window %s", "painted" if ok else "did not paint")
        return ok
    except Exception:  # the self-test reports, it does not raise
        log.exception("self-test: the main window failed to open")
        return False
