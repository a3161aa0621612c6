"""A loopback WebSocket relay in front of the real engine that records what the client sends.

Runs on port 0 in the test's event loop. Each client connection is relayed to the engine on the
same path and query with the client's ``Authorization`` header; the relay keeps, per connection,
the text frames (parsed JSON) and the binary frames the client sent. ``drop_after=N`` closes the
client's socket abruptly (no close frame reaches the engine's client: the engine sees the
relay go away) once N binary frames went through on a connection, on the first ``drops``
connections: a dropped connection mid-stream, made by the network, not by the engine.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed


@dataclass
class Recorded:
    path: str
    texts: list[dict[str, Any]] = field(default_factory=list)
    binaries: list[bytes] = field(default_factory=list)


class WsRecorder:
    def __init__(self, engine_url: str, *, drop_after: int = 0, drops: int = 0) -> None:
        self.engine_ws = engine_url.replace("http://", "ws://")
        self.drop_after, self.drops = drop_after, drops
        self.connections: list[Recorded] = []
        self._server: Server | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        port = next(iter(self._server.sockets)).getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def __aenter__(self) -> WsRecorder:
        self._server = await serve(self._relay, "127.0.0.1", 0, max_size=None)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _relay(self, client: ServerConnection) -> None:
        path = client.request.path if client.request is not None else "/"
        record = Recorded(path)
        self.connections.append(record)
        headers = {"Authorization": client.request.headers.get("Authorization", "")} \
            if client.request is not None else {}
        async with connect(self.engine_ws + path, additional_headers=headers,
                           max_size=None) as engine:
            up = asyncio.create_task(self._up(client, engine, record))
            down = asyncio.create_task(self._down(client, engine))
            await asyncio.wait({up, down}, return_when=asyncio.FIRST_COMPLETED)
            for task in (up, down):
                task.cancel()
            await asyncio.gather(up, down, return_exceptions=True)

    async def _up(self, client: ServerConnection, engine: ClientConnection,
                  record: Recorded) -> None:
        dropping = len(self.connections) <= self.drops
        with contextlib.suppress(ConnectionClosed):
            async for message in client:
                if isinstance(message, str):
                    record.texts.append(json.loads(message))
                else:
                    record.binaries.append(message)
                await engine.send(message)
                if dropping and self.drop_after and len(record.binaries) >= self.drop_after:
                    client.transport.abort()  # the network went away
                    return

    @staticmethod
    async def _down(client: ServerConnection, engine: ClientConnection) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for message in engine:
                await client.send(message)
