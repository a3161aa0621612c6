"""Which server the app talks to (the cloud with a key, or a local engine child) and its client.

One rule for the GUI and the CLI: a key means the cloud; no key means a local engine child
started on a free port with a random per-run key and stopped afterwards.

* :func:`cli_backend_kind` applies it to the CLI's flags (``--local`` forces the local engine,
  ``--base-url`` needs a key); :func:`local_engine_backend` runs the child around one command.
* :class:`BackendProvider` is the GUI's one SDK client for the backend chosen in Settings: the
  child starts on first use (off the GUI thread) and stops at quit; a change of backend or key
  replaces the client on next use.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

import httpx
from interhumanai import InterhumanClient

from interhuman_desktop.api.backend import Backend, BackendKind, make_client, make_http_client
from interhuman_desktop.api.connection_check import ConnectionReport, check_connection
from interhuman_desktop.api.errors import NetworkError

if TYPE_CHECKING:
    from interhuman_desktop.engine.child import EngineProcess

log = logging.getLogger(__name__)

StateCallback = Callable[[str], None]
KindStateCallback = Callable[[str, str], None]  # (the backend kind, its state)


class BackendSettings(Protocol):
    """What the provider reads of the app settings."""

    @property
    def backend(self) -> str: ...

    @property
    def api_key(self) -> str: ...

    @property
    def effective_backend(self) -> str: ...


def cli_backend_kind(*, key: str | None, local: bool, base_url: str | None) -> BackendKind:
    """The CLI's rule: ``--local``, or neither a key nor ``--base-url``, means the local engine."""
    if local or (key is None and base_url is None):
        return "local"
    return "cloud"


@contextlib.contextmanager
def local_engine_backend(on_state: StateCallback, analyzer: str = "cues") -> Iterator[Backend]:
    """A local engine child for the duration of the ``with`` block (blocking start and stop)."""
    from interhuman_desktop.engine.child import start_engine

    on_state("starting the local engine…")
    try:
        engine = start_engine(analyzer=analyzer)
    except Exception as exc:
        raise NetworkError(f"The local engine did not start: {str(exc).splitlines()[0]}") from exc
    try:
        yield Backend.local(engine.base_url, engine.api_key)
    finally:
        engine.stop()


class BackendProvider:
    """The GUI's one SDK client, for the backend chosen in Settings."""

    def __init__(self, settings: Callable[[], BackendSettings], on_state: StateCallback) -> None:
        self._settings, self._on_state = settings, on_state
        self._watchers: list[KindStateCallback] = []
        self.states: dict[str, str] = {}  # kind → its last state
        self._client: InterhumanClient | None = None
        self._wanted: tuple[str, str] | None = None
        self._http: httpx.AsyncClient | None = None
        self._engine: EngineProcess | None = None
        self.base_url: str | None = None
        self.cloud_base_url: str | None = None  # None: the real cloud (tests: a stand-in)
        self._lock = asyncio.Lock()

    def watch(self, callback: KindStateCallback) -> None:
        """Also call ``callback(kind, state)`` on each change (the status bar: it knows which
        backend each state belongs to, so a switch back shows the real one)."""
        self._watchers.append(callback)

    def _report(self, kind: str, state: str) -> None:
        self.states[kind] = state
        self._on_state(state)
        for callback in self._watchers:
            callback(kind, state)

    async def client(self) -> InterhumanClient:
        s = self._settings()
        kind = s.effective_backend
        wanted = (kind, s.api_key if kind == "cloud" else "")
        async with self._lock:
            if self._client is None or wanted != self._wanted:
                await self._close()
                backend = await self._backend(s, wanted[0])
                self.base_url = backend.base_url
                self._http = make_http_client()
                self._client, self._wanted = make_client(backend, self._http), wanted
            return self._client

    async def test(self, settings: BackendSettings) -> ConnectionReport:
        """The Settings "Test connection": one authenticated call to the chosen backend
        (:mod:`interhuman_desktop.api.connection_check`); the status bar shows the outcome."""
        if settings.backend == "cloud":
            if not settings.api_key:
                raise RuntimeError("the Interhuman cloud needs an API key: paste it above "
                                   "(keys are at platform.interhuman.ai)")
            backend = Backend.cloud(settings.api_key, self.cloud_base_url)
            async with make_http_client(read_timeout=30.0) as http:
                report = await check_connection(http, backend.base_url, settings.api_key,
                                                "the Interhuman cloud")
            self._report("cloud", "key accepted" if report.ok
                         else "the last test failed (see Settings)")
            return report
        await self.client()
        assert self._http is not None and self._engine is not None
        report = await check_connection(self._http, self._engine.base_url,
                                        self._engine.api_key, "the local engine")
        return replace(report, message=f"{report.message} at {self._engine.base_url}")

    async def aclose(self) -> None:
        async with self._lock:
            await self._close()

    async def _backend(self, s: BackendSettings, kind: str) -> Backend:
        if kind == "cloud":
            if not s.api_key:
                raise RuntimeError("the Interhuman cloud needs an API key: add it in Settings")
            self._report("cloud", "key not checked yet (Test connection in Settings)")
            return Backend.cloud(s.api_key, self.cloud_base_url)
        from interhuman_desktop.engine.child import start_engine

        self._report("local", "starting the local engine…")
        try:
            self._engine = await asyncio.to_thread(start_engine)
        except Exception:
            self._report("local", "local engine failed to start (see the log)")
            raise
        self._report("local", "local engine ready")
        return Backend.local(self._engine.base_url, self._engine.api_key)

    async def _close(self) -> None:
        if self._http is not None:
            await self._http.aclose()
        if self._engine is not None:
            await asyncio.to_thread(self._engine.stop)
            self._report("local", "idle")
        self._client = self._http = self._engine = self._wanted = None
