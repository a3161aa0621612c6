"""The engine's ASGI app: the cloud's paths on 127.0.0.1, plus ``GET /healthz``.

``POST /v1/upload/analyze``, ``WS /v1/stream/analyze``, ``POST /v1/auth`` (and ``/v0/auth``).
Decoding and analysis never run on the event loop: they go to one ``ThreadPoolExecutor``
shared by the app (PyAV, OpenCV and numpy release the GIL), so a slow analysis stalls neither
other sessions nor ``/healthz``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.analysis.base import Analyzer
from interhuman_desktop.engine.bounded_json import JSONBoundError, loads_bounded
from interhuman_desktop.engine.errors import (
    CORRELATION_HEADER,
    EngineError,
    error_body,
    error_response,
)
from interhuman_desktop.engine.guard import GuardMiddleware
from interhuman_desktop.engine.settings import EngineSettings
from interhuman_desktop.engine.state import EngineState, correlation_id, engine_state
from interhuman_desktop.engine.stream_session import stream_endpoint
from interhuman_desktop.engine.throttle import client_key
from interhuman_desktop.engine.upload_route import upload_analyze
from interhuman_desktop.engine.v2.routes import V2Service, v2_routes

log = logging.getLogger(__name__)

MAX_AUTH_BODY = 64 * 1024


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
    state = engine_state(request)
    if not state.ready:
        return JSONResponse({"status": "starting"}, status_code=503)
    return JSONResponse({"status": "ok"})


async def auth_exchange(request: Request) -> Response:
    """``POST /v1/auth`` (and ``/v0/auth``): key pair → scoped, short-lived token."""
    state = engine_state(request)
    cid = correlation_id(request)
    try:
        state.auth.throttle.check(client_key(request.scope))  # before the body is read
        body = await _small_json(request)
        if not isinstance(body, dict):
            raise EngineError(ErrorId.INVALID_PARAMETER, "The body must be a JSON object.")
        token = state.auth.mint(body.get("key_id"), body.get("key_secret"), body.get("scopes"),
                                client_key(request.scope))
    except EngineError as exc:
        return error_response(exc.error_id, cid, exc.message, headers=exc.headers)
    return JSONResponse(token, headers={CORRELATION_HEADER: cid, "Cache-Control": "no-store"})


async def _small_json(request: Request) -> Any:
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_AUTH_BODY:
            raise EngineError(ErrorId.INVALID_PARAMETER, "The body is too large.")
    try:
        return loads_bounded(bytes(data) or b"null", max_size=MAX_AUTH_BODY)
    except JSONBoundError as exc:
        raise EngineError(ErrorId.INVALID_PARAMETER, f"The body must be JSON: {exc}") from None


async def _internal_error(request: Request, exc: Exception) -> Response:
    cid = request.scope.get("state", {}).get("correlation_id") or str(uuid.uuid4())
    log.error("internal error (correlation %s)", cid, exc_info=exc)
    return error_response(ErrorId.INTERNAL, cid)


async def _not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    return _no_route(correlation_id(request), status)


async def _ws_not_found(websocket: WebSocket) -> None:
    """A WebSocket to a path the engine does not serve: 404 with the body, not a bare 403."""
    await websocket.send_denial_response(_no_route(correlation_id(websocket), 404))


def _no_route(cid: str, status: int) -> Response:
    """404 / 405 with the four-field body; the service documents no id for these, so the
    body says ``ih4005`` (the path or method is the invalid parameter)."""
    message = ("The engine serves no such path." if status == 404
               else "This path does not accept that method.")
    return JSONResponse(error_body(ErrorId.INVALID_PARAMETER, cid, message), status_code=status,
                        headers={CORRELATION_HEADER: cid})


def create_app(settings: EngineSettings, *, analyzer: Analyzer | None = None) -> ASGIApp:
    """The ASGI app. ``analyzer`` (already built) replaces loading ``settings.analyzer``."""
    state = EngineState(settings, analyzer)
    v2 = V2Service(state, settings.v2)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
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
        WebSocketRoute("/{path:path}", _ws_not_found),  # last: any other WebSocket path
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={Exception: _internal_error, 404: _not_found, 405: _not_found},
    )
    app.state.engine = state
    app.state.v2 = v2
    return CorrelationMiddleware(GuardMiddleware(app, settings))
