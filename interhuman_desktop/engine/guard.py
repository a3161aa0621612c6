"""Who may talk to the engine: the ``Host`` and ``Origin`` checks, as ASGI middleware.

A page of another site must not drive a user-run engine through the browser (``Origin``: a
browser sends no CORS preflight for a WebSocket nor for a "simple" POST), nor reach it under a
name that resolves to 127.0.0.1 (DNS rebinding: ``Host``). Both are checked on every request,
HTTP and WebSocket, before any route runs (before the upgrade, and before any credential is
looked at, so a foreign page cannot spend an address's failed-authentication allowance
either). Refusals are 403 ``ih2003`` with the four-field body. The request-body read timeout
sits here too (:mod:`~interhuman_desktop.engine.body_timeout`).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.body_timeout import BodyTimeout
from interhuman_desktop.engine.errors import EngineError, error_response
from interhuman_desktop.engine.settings import EngineSettings

log = logging.getLogger(__name__)

LOOPBACK_NAMES = frozenset({"localhost", "::1"})
REFUSAL_ID = ErrorId.INSUFFICIENT_SCOPE  # 403: this client may not use the engine at all


def is_loopback_name(name: str) -> bool:
    """``localhost`` (and ``*.localhost``), ``::1`` or an address in 127.0.0.0/8."""
    name = name.lower().rstrip(".")
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_name(host_header: str) -> str:
    """The name part of a ``Host`` header: ``[::1]:8765`` → ``::1``, ``a:1`` → ``a``."""
    value = host_header.strip()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value[1:]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def host_allowed(host_header: str | None, allow_remote: bool) -> bool:
    """Loopback names (any port) only, unless the engine serves remote clients on purpose.

    A request without ``Host`` (HTTP/1.0) is no browser's: it passes.
    """
    if allow_remote or host_header is None:
        return True
    return is_loopback_name(host_name(host_header))


def _normal_origin(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


def origin_allowed(origin: str | None, allowed: Iterable[str] = ()) -> bool:
    """No header, ``null``, an http(s) origin on a loopback name (any port), or one of
    ``allowed`` (``--allow-origin``; ``*`` allows every origin)."""
    if origin is None or origin.strip() in ("", "null"):
        return True
    value = _normal_origin(origin)
    extra = {_normal_origin(a) for a in allowed}
    if "*" in extra or value in extra:
        return True
    try:
        parts = urlsplit(value)
        _ = parts.port  # a malformed port raises ValueError
    except ValueError:
        return False
    if parts.username is not None or parts.password is not None:
        return False  # no browser sends credentials in an Origin
    return parts.scheme in ("http", "https") and is_loopback_name(parts.hostname or "")


def check_origin_spec(spec: str) -> str:
    """An ``--allow-origin`` value: ``*`` or ``scheme://host[:port]``; ValueError otherwise."""
    value = spec.strip()
    if value == "*":
        return value
    parts = urlsplit(value)
    _ = parts.port  # a malformed port raises ValueError
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
        raise ValueError(f"--allow-origin {spec!r}: give an origin like https://app.example")
    return value


def refusal(scope: Scope, settings: EngineSettings) -> EngineError | None:
    """Why this request may not go on, or None."""
    if not host_allowed(_header(scope, b"host"), settings.allow_remote):
        return EngineError(REFUSAL_ID, "This Host name is not served: use 127.0.0.1 or "
                           "localhost (the engine was not started with --allow-remote).")
    if not origin_allowed(_header(scope, b"origin"), settings.allowed_origins):
        return EngineError(REFUSAL_ID, "This Origin may not use the engine: it accepts "
                           "loopback origins and those given with --allow-origin.")
    return None


class GuardMiddleware:
    """Refuse foreign ``Host`` names and WebSocket ``Origin`` values; time out slow bodies."""

    def __init__(self, app: ASGIApp, settings: EngineSettings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        refused = refusal(scope, self.settings)
        if refused is not None:
            await _refuse(scope, receive, send, refused)
        elif scope["type"] == "http":
            await BodyTimeout(scope, receive, send, self.settings).run(self.app)
        else:
            await self.app(scope, receive, send)


async def _refuse(scope: Scope, receive: Receive, send: Send, exc: EngineError) -> None:
    cid = scope.get("state", {}).get("correlation_id", "")
    client = scope.get("client") or ("?", 0)
    log.info("%s %s from %s refused (%s): %s", scope["type"], scope.get("path"), client[0],
             exc.error_id, exc.message)
    response = error_response(exc.error_id, cid, exc.message)
    if scope["type"] == "http":
        await response(scope, receive, send)
    elif "websocket.http.response" in scope.get("extensions", {}):
        await WebSocket(scope, receive, send).send_denial_response(response)
    else:  # a server without denial responses: a close before accept is a bare 403
        await send({"type": "websocket.close", "code": 1008})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None
