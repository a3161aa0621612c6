"""A loopback HTTP proxy in front of the real engine that counts what reaches it.

Runs uvicorn on port 0 in a thread of the test process and forwards every request to the
engine with httpx. For ``POST /v1/upload/analyze`` it records the file name of each upload
that reached the engine, the uploads in flight and their maximum. Two holds make the order of
events a condition instead of a race:

* ``gather=N``: an upload waits (bounded) until N uploads are in flight once, so a client that
  sends N at a time is seen doing it, and one that sends more is seen exceeding it;
* ``hold_after=K``: uploads after the K-th wait until :meth:`drop_held`, which answers them
  503 without sending them on (the test kills the client meanwhile).
"""

from __future__ import annotations

import asyncio
import re
import threading
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

UPLOAD = "/v1/upload/analyze"
HOP = {"host", "content-length", "transfer-encoding", "connection"}
FILENAME = re.compile(rb'filename="([^"]+)"')


class CountingProxy:
    def __init__(self, target: str, *, gather: int = 0, hold_after: int | None = None) -> None:
        self.target, self.gather, self.hold_after = target, gather, hold_after
        self.forwarded: list[str] = []  # file names of uploads sent on to the engine
        self.arrived = 0
        self.held = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.statuses: list[int] = []
        self._gathered = False
        self._release: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        app = Starlette(routes=[Route("/{path:path}", self._handle,
                                      methods=["GET", "POST", "PUT", "DELETE"])])
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def base_url(self) -> str:
        port = self._server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __enter__(self) -> CountingProxy:
        from waiting import until_sync

        self._thread.start()
        until_sync(lambda: self._server.started, 60, "the proxy to listen")
        return self

    def __exit__(self, *exc: object) -> None:
        self.drop_held()
        self._server.should_exit = True
        self._thread.join(30)

    def drop_held(self) -> None:
        """Answer every held upload 503 without sending it on; hold nothing from now on."""
        self.hold_after = None
        if self._loop is not None and self._release is not None:
            self._loop.call_soon_threadsafe(self._release.set)

    async def _handle(self, request: Request) -> Response:
        self._loop = asyncio.get_running_loop()
        body = await request.body()
        if request.method == "POST" and request.url.path == UPLOAD:
            return await self._upload(request, body)
        return await self._forward(request, body)

    async def _upload(self, request: Request, body: bytes) -> Response:
        self.arrived += 1
        if self.hold_after is not None and self.arrived > self.hold_after:
            self.held += 1
            self._release = self._release or asyncio.Event()
            await self._release.wait()
            return Response(status_code=503)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.gather and not self._gathered:
                await self._wait_gathered()
            name = FILENAME.search(body)
            self.forwarded.append(name.group(1).decode() if name else "?")
            return await self._forward(request, body)
        finally:
            self.in_flight -= 1

    async def _wait_gathered(self) -> None:
        for _ in range(3000):  # at most ~60 s: then the upload goes on (the test will fail)
            if self.in_flight >= self.gather:
                self._gathered = True
                return
            await asyncio.sleep(0.02)

    async def _forward(self, request: Request, body: bytes) -> Response:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP}
        async with httpx.AsyncClient(base_url=self.target, timeout=300, trust_env=False) as c:
            reply = await c.request(request.method, request.url.path, params=request.query_params,
                                    content=body, headers=headers)
        self.statuses.append(reply.status_code)
        out: dict[str, Any] = {k: v for k, v in reply.headers.items() if k.lower() not in HOP
                               and k.lower() != "content-encoding"}
        return Response(reply.content, status_code=reply.status_code, headers=out)
