"""The engine's ASGI app: the cloud's paths on 127.0.0.1, plus ``GET /healthz``.

``POST /v1/upload/analyze``, ``WS /v1/stream/analyze``, ``POST /v1/auth`` (and ``/v0/auth``).
Decoding and analysis never run on the event loop: they go to one ``ThreadPoolExecutor``
shared by the app (PyAV, OpenCV and numpy release the GIL), so a slow analysis stalls neither
other sessions nor ``/healthz``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interhuman_desktop.engine.analysis.base import Analyzer, SessionOptions
from interhuman_desktop.engine.auth import Authenticator
from interhuman_desktop.engine.errors import CORRELATION_HEADER, EngineError, error_response
from interhuman_desktop.engine.settings import EngineSettings
from interhuman_desktop.engine.stream_session import stream_endpoint
from interhuman_desktop.engine.upload_route import correlation_id, upload_analyze
from interhuman_desktop.engine.v2.routes import V2Service, v2_routes

log = logging.getLogger(__name__)

MAX_AUTH_BODY = 64 * 1024


class EngineState:
    """What the routes share: settings, credentials, the worker pool and the analyser."""

    def __init__(self, settings: EngineSettings, analyzer: Analyzer | None = None) -> None:
        self.settings = settings
        self.auth = Authenticator(settings)
        self.executor = ThreadPoolExecutor(settings.workers, thread_name_prefix="engine-worker")
        self.analyzer: Analyzer | None = analyzer
        self.ready = False

    def load_analyzer(self) -> None:
        """Build the analyser (imports OpenCV etc.); runs on a worker at start-up."""
        if self.analyzer is None:
            from interhuman_desktop.engine.analysis.registry import make_analyzer

            self.analyzer = make_analyzer(self.settings.analyzer)

    def analyse_file(self, path: Path, options: SessionOptions) -> dict[str, Any]:
        """Decode and analyse one upload (worker thread); EngineError for media failures."""
        from interhumanai import AnalysisResult

        from interhuman_desktop.engine.media import MediaError, decode_upload

        assert self.analyzer is not None
        upload = self.analyzer.open_upload(options)  # frames are measured as they decode
        try:
            media = decode_upload(
                path,
                analysis_fps=self.settings.analysis_fps,
                max_width=self.settings.max_width,
                on_frame=upload.add_frame,
            )
            payload = upload.finish(media)
        except MediaError as exc:
            raise EngineError(exc.code, exc.message) from None
        finally:  # refused uploads too (ih4002, ih4007, ih5001, ih5002): FaceMesh is freed
            upload.close()
        AnalysisResult.model_validate(payload)  # every reply must parse with the SDK
        return payload

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


class CorrelationMiddleware:
    """Give every request an ``X-Correlation-ID`` (uuid4), on errors, successes and WS upgrades.

    The id is stored in ``scope["state"]["correlation_id"]`` so routes and the stream session
    (whose envelopes carry it as ``correlation_id``) use the same value.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        cid = str(uuid.uuid4())
        scope.setdefault("state", {})["correlation_id"] = cid
        header = (CORRELATION_HEADER.lower().encode(), cid.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] in (
                "http.response.start",
                "websocket.accept",
                "websocket.http.response.start",
            ):
                headers = [h for h in message.get("headers", []) if h[0].lower() != header[0]]
                message = {**message, "headers": [*headers, header]}
            await send(message)

        await self.app(scope, receive, send_with_id)


async def healthz(request: Request) -> Response:
    state: EngineState = request.app.state.engine
    if not state.ready:
        return JSONResponse({"status": "starting"}, status_code=503)
    return JSONResponse({"status": "ok"})


async def auth_exchange(request: Request) -> Response:
    """``POST /v1/auth`` (and ``/v0/auth``): key pair → scoped, short-lived token."""
    state: EngineState = request.app.state.engine
    cid = correlation_id(request)
    try:
        body = await _small_json(request)
        if not isinstance(body, dict):
            raise EngineError("ih4005", "The body must be a JSON object.")
        token = state.auth.mint(body.get("key_id"), body.get("key_secret"), body.get("scopes"))
    except EngineError as exc:
        return error_response(exc.error_id, cid, exc.message)
    return JSONResponse(token, headers={CORRELATION_HEADER: cid, "Cache-Control": "no-store"})


async def _small_json(request: Request) -> Any:
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_AUTH_BODY:
            raise EngineError("ih4005", "The body is too large.")
    try:
        return json.loads(data or b"null")
    except ValueError:
        raise EngineError("ih4005", "The body must be JSON.") from None


async def _internal_error(request: Request, exc: Exception) -> Response:
    cid = request.scope.get("state", {}).get("correlation_id") or str(uuid.uuid4())
    log.exception("internal error (correlation %s)", cid, exc_info=exc)
    return error_response("ih1001", cid)


async def _not_found(request: Request, exc: Exception) -> Response:
    cid = correlation_id(request)
    status = getattr(exc, "status_code", 404)
    return JSONResponse({"detail": "Not Found" if status == 404 else "Method Not Allowed"},
                        status_code=status, headers={CORRELATION_HEADER: cid})


def create_app(settings: EngineSettings, *, analyzer: Analyzer | None = None) -> ASGIApp:
    """The ASGI app. ``analyzer`` (already built) replaces loading ``settings.analyzer``."""
    state = EngineState(settings, analyzer)
    v2 = V2Service(state, settings.v2)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(state.executor, state.load_analyzer)
        await v2.start()
        state.ready = True
        log.info("engine ready (analyser %s)", getattr(state.analyzer, "name", "?"))
        try:
            yield
        finally:
            state.ready = False
            await v2.close()
            state.close()

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/v1/auth", auth_exchange, methods=["POST"]),
        Route("/v0/auth", auth_exchange, methods=["POST"]),
        Route("/v1/upload/analyze", upload_analyze, methods=["POST"]),
        WebSocketRoute("/v1/stream/analyze", stream_endpoint),
        *v2_routes(),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={Exception: _internal_error, 404: _not_found, 405: _not_found},
    )
    app.state.engine = state
    app.state.v2 = v2
    return CorrelationMiddleware(app)
