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


def _show_error(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong",
                      f"{kind.__name__}: {exc}\n\nThe app keeps running; details are in the "
                      f"log file ({log_file_path()}).")
    box.setDetailedText("".join(traceback.format_exception(kind, exc, tb)))
    box.open()


def settings_path() -> Path:
    from interhuman_desktop.config.paths import config_dir

    return config_dir() / "gui-settings.json"


def _quit_on_sigint(app: Any) -> None:
    """Ctrl+C in the terminal closes the window like the user would (services shut down)."""
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_: app.closeAllWindows())
    timer = QTimer(app)  # wakes the interpreter so the Python signal handler can run
    timer.timeout.connect(lambda: None)
    timer.start(300)


class KeyringApiKey:
    """Adapts ``storage.secrets.SecretStore`` (keyring, 0600-file fallback) to the GUI store.

    The CLI reads the same entry, so a key saved in Settings also serves ``analyze``/``live``.
    """

    def __init__(self) -> None:
        from interhuman_desktop.storage.secrets import API_KEY, SecretStore

        self._store, self._name = SecretStore(), API_KEY

    def get(self) -> str:
        return self._store.get(self._name) or ""

    def set(self, value: str) -> None:
        if value:
            self._store.set(self._name, value)
        else:
            self._store.delete(self._name)


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
        wanted = (s.backend, s.api_key if s.backend == "cloud" else "")
        async with self._lock:
            if self._client is None or wanted != self._wanted:
                await self._close()
                from interhuman_desktop.api.backend import make_client, make_http_client

                backend = await self._backend(s)
                self.base_url = backend.base_url
                self._http = make_http_client()
                self._client, self._wanted = make_client(backend, self._http), wanted
            return self._client

    async def test(self, settings: Any) -> str:
        """The Settings "Test connection": a healthy local engine, or a cloud key present."""
        if settings.backend == "cloud":
            if not settings.api_key:
                raise RuntimeError("enter an API key first")
            await self.client()
            return "Key saved; the service checks it on the first upload"
        await self.client()
        response = await self._http.get(f"{self._engine.base_url}/healthz")
        response.raise_for_status()
        return f"Local engine running at {self._engine.base_url}"

    async def aclose(self) -> None:
        async with self._lock:
            await self._close()

    async def _backend(self, s: Any) -> Any:
        from interhuman_desktop.api.backend import Backend

        if s.backend == "cloud":
            if not s.api_key:
                raise RuntimeError("the Interhuman cloud needs an API key: add it in Settings")
            self._on_state("Interhuman cloud")
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


class LiveHandle:
    """What the Live view drives: a ``session.pipeline.LivePipeline`` that is recording."""

    def __init__(self, pipeline: Any, notes: list[str]) -> None:
        self.pipeline, self.notes = pipeline, notes
        self.timeline = pipeline.session.timeline

    @property
    def elapsed(self) -> float:
        return float(self.pipeline.elapsed)

    def latest_frame(self) -> Any:
        return self.pipeline.video.latest_frame()

    def health(self) -> dict[str, Any]:
        return self.pipeline.health()

    def add_marker(self, t: float, note: str = "") -> None:
        self.pipeline.session.add_marker(t, note)

    async def stop(self) -> Any:
        return await self.pipeline.stop()


def live_factory(provider: BackendProvider, settings: Callable[[], Any],
                 source: str | None = None) -> Callable[[], Any]:
    """Start capture → segments → stream for the Live view (source: camera unless
    ``$INTERHUMAN_DESKTOP_SOURCE`` says ``synthetic`` or ``file:PATH``)."""

    async def start() -> LiveHandle:
        import os
        import time

        from interhuman_desktop.commands.live import open_sources
        from interhuman_desktop.config.paths import sessions_dir
        from interhuman_desktop.session.live import LiveOptions, LiveSession
        from interhuman_desktop.session.pipeline import LivePipeline

        client = await provider.client()
        spec = source or os.environ.get("INTERHUMAN_DESKTOP_SOURCE", "camera")
        video, audio = await asyncio.to_thread(open_sources, spec)
        folder = sessions_dir() / time.strftime("%Y%m%d-%H%M%S")
        folder.mkdir(parents=True, exist_ok=True)
        options = LiveOptions(goal_dimensions=tuple(settings().goals) or None)
        session = LiveSession(client, provider.base_url or "", folder, options)
        pipeline = LivePipeline(session, video, audio,
                                segment_seconds=float(settings().segment_seconds))
        notes = [f"{c.message} {c.fix}".strip() for c in await pipeline.preflight() if not c.ok]
        await pipeline.start()
        log.info("live session recording into %s", folder)
        return LiveHandle(pipeline, notes)

    return start


def run(argv: list[str] | None = None, theme: str | None = None) -> int:
    """Start the GUI and block until the main window closes; returns the exit code."""
    import qasync
    from PySide6.QtWidgets import QApplication

    from interhuman_desktop.ui.main_window import MainWindow
    from interhuman_desktop.ui.settings_store import JsonSettingsStore
    from interhuman_desktop.ui.theme import apply_theme

    path = setup_logging(log_file_path())
    install_excepthook()
    app = QApplication.instance() or QApplication(argv or sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setDesktopFileName("interhuman-desktop")
    app.setQuitOnLastWindowClosed(False)  # until_quit() closes services, then the loop ends
    _quit_on_sigint(app)
    store = JsonSettingsStore(settings_path(), secret=KeyringApiKey())
    apply_theme(app, theme or store.load().theme)
    holder: list[Any] = []
    provider = BackendProvider(store.load, lambda text: holder[0].set_backend_state(text))
    window = MainWindow(store, tester=provider.test, log_path=path,
                        client_provider=provider.client,
                        live_factory=live_factory(provider, store.load))
    holder.append(window)
    window.settings_view.settingsChanged.connect(lambda s: apply_theme(app, s.theme))
    app.styleHints().colorSchemeChanged.connect(  # "Follow system" follows it live too
        lambda _scheme: apply_theme(app, store.load().theme))
    window.show()
    log.info("GUI started (log: %s)", path)

    async def until_quit() -> None:
        closed = asyncio.Event()
        app.lastWindowClosed.connect(closed.set)
        await closed.wait()
        await window.live_session.aclose()  # stop capture, drain, save
        await window.analysis.aclose()
        await provider.aclose()  # stops the local engine child

    with contextlib.suppress(asyncio.CancelledError):
        qasync.run(until_quit())
    return 0


