"""A read timeout on request bodies: a body that trickles in must not hold a connection.

No body bytes for ``body_idle_timeout`` s, or the whole body not in within ``body_deadline`` s
of the request, and the engine answers 400 ``ih4005`` (the four-field body, ``Connection:
close``, so the server closes the connection) and tells the route the client is gone. A
reply the route still sends after that is dropped.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.errors import error_response
from interhuman_desktop.engine.settings import EngineSettings

log = logging.getLogger(__name__)

TIMEOUT_MESSAGE = "The request body did not arrive in time."


class BodyTimeout:
    """One HTTP request's ``receive`` with a read timeout, and its ``send`` guarded."""

    def __init__(self, scope: Scope, receive: Receive, send: Send,
                 settings: EngineSettings) -> None:
        self.scope, self._receive, self._send = scope, receive, send
        self.idle = settings.body_idle_timeout
        self.deadline = asyncio.get_running_loop().time() + settings.body_deadline
        self.body_done = False  # the whole body is in: later receives wait for a disconnect
        self.response_started = False
        self.timed_out = False

    async def run(self, app: ASGIApp) -> None:
        await app(self.scope, self.receive, self.send)

    async def receive(self) -> Message:
        if self.body_done or self.timed_out:
            return await self._receive()
        wait = min(self.idle, self.deadline - asyncio.get_running_loop().time())
        try:
            message = await asyncio.wait_for(self._receive(), max(wait, 0.0))
        except TimeoutError:
            await self._time_out()
            return {"type": "http.disconnect"}
        if message["type"] != "http.request" or not message.get("more_body", False):
            self.body_done = True
        return message

    async def send(self, message: Message) -> None:
        if self.timed_out:
            return  # the route's reply to a body that never came: already answered
        if message["type"] == "http.response.start":
            self.response_started = True
        await self._send(message)

    async def _time_out(self) -> None:
        self.timed_out = True
        cid = self.scope.get("state", {}).get("correlation_id", "")
        client = self.scope.get("client") or ("?", 0)
        log.info("request %s from %s: the body did not arrive in time, closing", cid, client[0])
        if self.response_started:  # a reply is under way: the server closes after it
            return
        response = error_response(ErrorId.INVALID_PARAMETER, cid, TIMEOUT_MESSAGE,
                                  headers={"Connection": "close"})
        await response(self.scope, self._receive, self._send)
