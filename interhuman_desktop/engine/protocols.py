"""uvicorn's HTTP and WebSocket protocols, with the engine's error body on their own replies.

uvicorn answers a request it cannot parse (``Content-Length: abc``, a bad header line) with a
plain-text 400 written by ``H11Protocol.send_400_response``, and a WebSocket handshake it
refuses (no ``Sec-WebSocket-Key``, a bad version, a close before accept) with the plain text
of websockets' ``ServerProtocol.reject``. Here both write the four-field body
``{error_id, correlation_id, link, message}`` with an ``X-Correlation-ID`` header, like every
other engine error (decisions.md #12). The HTTP protocol also bounds the time a request head
may take to arrive (a client trickling header bytes is closed, like a body: body_timeout.py).
"""

from __future__ import annotations

import asyncio
import http
import json
import logging
import uuid
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.datastructures import Headers
from websockets.http11 import Response
from websockets.server import ServerProtocol

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.errors import CORRELATION_HEADER, error_body

log = logging.getLogger(__name__)


def _error_id_for(status: int) -> str:
    if status == 403:
        return ErrorId.INSUFFICIENT_SCOPE
    return ErrorId.INTERNAL if status >= 500 else ErrorId.INVALID_PARAMETER


def error_payload(status: int, message: str) -> tuple[str, bytes]:
    """(correlation id, JSON body) for a reply uvicorn or websockets writes itself."""
    cid = str(uuid.uuid4())
    text = message.strip() or http.HTTPStatus(status).phrase + "."
    body = json.dumps(error_body(_error_id_for(status), cid, text)).encode()
    return cid, body


def raw_response(status: int, message: str) -> bytes:
    """A complete ``HTTP/1.1`` error response that closes the connection."""
    cid, body = error_payload(status, message)
    head = [
        f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        f"{CORRELATION_HEADER}: {cid}",
        "Connection: close",
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


class EngineH11Protocol(H11Protocol):
    """H11Protocol with a JSON 400 and a time limit on request heads (``head_timeout``)."""

    head_timeout: float = 30.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._watch_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        self._stop_head_timer()
        self.transport.write(raw_response(400, msg))
        self.transport.close()

    def _watch_head(self) -> None:
        """Arm the timer while a request head is awaited (no reply under way), else stop it.

        An idle keep-alive connection has uvicorn's own (shorter) keep-alive timer; a head
        that trickles in gets ``head_timeout`` seconds from its first byte.
        """
        waiting = self.conn.their_state is h11.IDLE and self.conn.our_state is h11.IDLE
        if not waiting or self.transport.is_closing():
            self._stop_head_timer()
        elif self._head_timer is None and self.timeout_keep_alive_task is None:
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _stop_head_timer(self) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        log.info("connection from %s: no complete request head in %.0f s, closing",
                 (self.client or ("?",))[0], self.head_timeout)
        self.transport.write(raw_response(408, "The request head did not arrive in time."))
        self.transport.close()


def h11_protocol(head_timeout: float) -> type[EngineH11Protocol]:
    """The HTTP protocol class for one engine (uvicorn builds one instance a connection)."""
    return type("EngineH11Protocol", (EngineH11Protocol,), {"head_timeout": head_timeout})


class JsonRejectServerProtocol(ServerProtocol):
    """websockets' server side, whose handshake refusals carry the four-field body."""

    def reject(self, status: Any, text: str) -> Response:
        code = int(status)
        cid, body = error_payload(code, text)
        headers = Headers([
            ("Connection", "close"),
            ("Content-Length", str(len(body))),
            ("Content-Type", "application/json"),
            (CORRELATION_HEADER, cid),
        ])
        return Response(code, http.HTTPStatus(code).phrase, headers, body)


class EngineWSProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets-sansio protocol over :class:`JsonRejectServerProtocol`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain = self.conn
        self.conn = JsonRejectServerProtocol(
            extensions=plain.available_extensions,
            max_size=self.config.ws_max_size,
            logger=plain.logger,
        )
