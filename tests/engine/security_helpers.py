"""Raw-socket and WebSocket helpers for the engine's security tests (no mocks)."""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from dataclasses import dataclass

import pytest
from engine_helpers import FOUR_FIELDS, ws_url
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

HANG_BOUND = 120.0  # seconds: a bound for a hang on a loaded machine, never a timing assert


@dataclass
class RawReply:
    status: int
    headers: dict[str, str]
    body: bytes

    def error(self, status: int, error_id: str) -> dict:
        """The four-field body with this id, correlated with ``X-Correlation-ID``."""
        assert self.status == status, (self.status, self.body)
        body = json.loads(self.body)
        assert set(body) == FOUR_FIELDS and body["error_id"] == error_id, body
        cid = self.headers["x-correlation-id"]
        assert str(uuid.UUID(cid)) == cid == body["correlation_id"]
        return body


def parse_reply(raw: bytes) -> RawReply:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return RawReply(status, headers, body)


def open_socket(port: int, source: str = "127.0.0.1") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=HANG_BOUND,
                                    source_address=(source, 0))
    return sock


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    data = bytearray()
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return bytes(data)


def raw_exchange(port: int, request: bytes) -> RawReply:
    """Send ``request`` as is and read the reply up to the server's close."""
    with open_socket(port) as sock:
        sock.sendall(request)
        return parse_reply(read_until_closed(sock))


def second_loopback_address() -> str:
    """127.0.0.2 as a client address (Linux routes all of 127/8 to lo); skip if unusable."""
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.2", 0))
    except OSError as exc:
        pytest.skip(f"127.0.0.2 is not usable here: {exc}")
    return "127.0.0.2"


async def ws_refusal(url: str, **kw) -> RawReply:
    """Open a WebSocket expecting a refused upgrade; its status, headers and body."""
    with pytest.raises(InvalidStatus) as info:
        ws = await connect(url, open_timeout=HANG_BOUND, proxy=None, **kw)
        await ws.close()
    response = info.value.response
    headers = {k.lower(): v for k, v in response.headers.raw_items()}
    return RawReply(response.status_code, headers, bytes(response.body or b""))


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def ws_opens(base_url: str, key: str, **kw) -> dict:
    """Open the stream with ``key``; the first envelope (``session.ready``)."""
    ws = await connect(ws_url(base_url), additional_headers={"Authorization": f"Bearer {key}"},
                       open_timeout=HANG_BOUND, proxy=None, **kw)
    try:
        return json.loads(await asyncio.wait_for(ws.recv(), HANG_BOUND))
    finally:
        await ws.close()
