"""One accepted WebSocket of ``/v1/stream/analyze``: serialised sends, one close, fault aborts.

The session (:mod:`.stream_session`) sends from its receive loop and its worker; a lock keeps
the frames whole. Once the peer is gone every send reports False and ``closed`` stays set.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from interhuman_desktop.engine.errors import ws_error_data
from interhuman_desktop.engine.stream_protocol import envelope

log = logging.getLogger(__name__)

# What a send or close raises once the peer is gone: starlette's disconnect (it wraps uvicorn's
# ClientDisconnected, an OSError), its RuntimeError after a close, or a raw OSError.
PEER_GONE = (WebSocketDisconnect, RuntimeError, OSError)


class StreamSocket:
    """The socket side of a stream session (``closed`` is set by either side)."""

    def __init__(self, websocket: WebSocket, cid: str) -> None:
        self.ws = websocket
        self.cid = cid
        self.loop = asyncio.get_running_loop()
        self.closed = False
        self._send_lock = asyncio.Lock()

    async def send(self, type_: str, data: dict[str, Any]) -> bool:
        if self.closed:
            return False
        text = envelope(self.cid, type_, data)
        async with self._send_lock:
            try:
                await self.ws.send_text(text)
                return True
            except PEER_GONE as exc:  # the peer went away mid-send
                log.debug("stream %s: send failed: %r", self.cid, exc)
                self.closed = True
                return False

    async def send_error(self, code: str, segment: int | None = None,
                         message: str | None = None) -> bool:
        return await self.send("error", ws_error_data(code, segment=segment, message=message))

    async def close(self, code: int = 1000) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            await self.ws.close(code)
        except PEER_GONE as exc:
            log.debug("stream %s: close failed: %r", self.cid, exc)

    def abort(self) -> None:
        """Drop the TCP connection with no close frame (fault injection).

        ASGI has no such message, so this reaches the server protocol through the bound
        ``receive`` (uvicorn's ``WebSocketsSansIOProtocol.receive``) and aborts its transport.
        """
        self.closed = True
        proto = getattr(self.ws._receive, "__self__", None)
        transport = getattr(proto, "transport", None)
        if transport is not None:
            transport.abort()
        else:  # another server: the closest thing we can do
            self.loop.create_task(self.ws.close(1011))
