"""Run the engine app under uvicorn: port 0 support, port file, clean exit on SIGINT/SIGTERM."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

from interhuman_desktop.engine.settings import EngineSettings

if TYPE_CHECKING:
    from interhuman_desktop.engine.analysis.base import Analyzer

log = logging.getLogger(__name__)


class _DenialResponseNoise(logging.Filter):
    """Drop uvicorn's false alarm after a WS denial response (HTTP 401 on the upgrade).

    ``WebSocketsSansIOProtocol`` never marks the handshake complete when the app answers the
    upgrade with ``websocket.http.response.*``, so it logs this error although the 401 went out
    intact. Our endpoint always either accepts or sends a denial response.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != "ASGI callable returned without completing handshake."


def write_port_file(path: str | Path, port: int) -> None:
    """Write atomically (temp file + rename) so a reader never sees a half-written port."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".port-", dir=path.parent)
    with os.fdopen(fd, "w") as fh:
        fh.write(f"{port}\n")
    os.replace(tmp, path)


class EngineServer(uvicorn.Server):
    """uvicorn.Server that reports its bound port and exits 0 on SIGINT/SIGTERM."""

    def __init__(self, config: uvicorn.Config, port_file: str | Path | None = None) -> None:
        super().__init__(config)
        self.port_file = port_file
        self.port: int | None = None
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.should_exit or not getattr(self, "servers", None):
            return
        self.port = self.servers[0].sockets[0].getsockname()[1]
        if self.port_file is not None:
            write_port_file(self.port_file, self.port)
        log.info("engine listening on http://%s:%d", self.config.host, self.port)
        self.ready.set()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # uvicorn re-raises the captured signal after shutdown (so SIGTERM would end the
        # process with -15); the engine treats both as a normal stop and exits 0.
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        sigs = [signal.SIGINT, signal.SIGTERM]
        original = {sig: signal.signal(sig, self.handle_exit) for sig in sigs}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)


def build_server(
    settings: EngineSettings,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    port_file: str | Path | None = None,
    analyzer: Analyzer | None = None,
) -> EngineServer:
    from interhuman_desktop.engine.protocols import EngineWSProtocol, h11_protocol
    from interhuman_desktop.engine.server import create_app

    app = create_app(settings, analyzer=analyzer)
    uvicorn_log = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _DenialResponseNoise) for f in uvicorn_log.filters):
        uvicorn_log.addFilter(_DenialResponseNoise())
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,  # a windowed build has no stdout; logging is the app's business
        access_log=False,
        http=h11_protocol(settings.head_timeout),  # its own replies carry the error body
        ws=EngineWSProtocol,
        # uvicorn trusts X-Forwarded-For from 127.0.0.1 by default: every local client could
        # name any address and walk around the per-address auth throttle. The engine is not
        # meant to sit behind a proxy; behind one, all clients share the proxy's address.
        proxy_headers=False,
        ws_max_size=settings.ws_max_message,
        ws_per_message_deflate=False,
        lifespan="on",
        timeout_graceful_shutdown=3,
    )
    return EngineServer(config, port_file=port_file)


class ThreadedEngine:
    """The engine in a background thread of this process (for tests that need it in-process)."""

    def __init__(self, settings: EngineSettings, analyzer: Analyzer | None = None) -> None:
        self.server = build_server(settings, analyzer=analyzer)
        self.thread = threading.Thread(target=self.server.run, name="engine", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def __enter__(self) -> ThreadedEngine:
        self.thread.start()
        if not self.server.ready.wait(30):
            raise RuntimeError("the in-process engine did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
