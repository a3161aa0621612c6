"""Stream helpers: handshake status, liberal session.ready, raw envelopes (tiny WS server)."""

from __future__ import annotations

import asyncio
import json
from http import HTTPStatus

import httpx
import pytest
from websockets.asyncio.server import serve

from interhuman_desktop.api.backend import Backend, make_client
from interhuman_desktop.api.errors import NetworkError, StreamHandshakeError
from interhuman_desktop.api.event_types import InvalidEvent, SignalEvent
from interhuman_desktop.api.stream import SessionContract, open_stream

ENVELOPE = {"timestamp": "2026-01-01T00:00:00Z", "correlation_id": "c"}
READY = {
    **ENVELOPE,
    "type": "session.ready",
    "data": {
        "session_idle_timeout_seconds": 300,
        "max_segment_size_bytes": 1000,
        "future_limit": 7,
    },
}


def test_contract_defaults_and_unknown_keys() -> None:
    contract = SessionContract.from_ready(READY)
    assert contract.min_segment_duration_seconds == 3
    assert contract.max_segment_size_bytes == 1000
    assert contract.idle_timeout_seconds == 300
    assert contract.max_duration_seconds == 3600
    assert contract.extra == {"future_limit": 7}
    assert SessionContract.from_ready("garbage") == SessionContract()
    odd = SessionContract.from_ready(
        {"min_segment_duration_seconds": "3", "max_segment_size_bytes": -1}
    )
    assert odd.min_segment_duration_seconds == 3 and odd.max_segment_size_bytes == 33_554_432


async def _with_server(handler, process_request=None):
    server = await serve(handler, "127.0.0.1", 0, process_request=process_request)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}"


def test_refused_upgrade_carries_status() -> None:
    async def go() -> StreamHandshakeError:
        def refuse(connection, request):
            return connection.respond(HTTPStatus.UNAUTHORIZED, "bad key\n")

        async def handler(ws):
            await ws.close()

        server, base = await _with_server(handler, refuse)
        try:
            async with httpx.AsyncClient() as http:
                client = make_client(Backend.local(base, "wrong"), http)
                with pytest.raises(StreamHandshakeError) as info:
                    await open_stream(client, base)
                return info.value
        finally:
            server.close()
            await server.wait_closed()

    err = asyncio.run(go())
    assert err.status == 401 and err.fatal


def test_unreachable_host_is_network_error() -> None:
    async def go() -> None:
        async with httpx.AsyncClient() as http:
            client = make_client(Backend.local("http://127.0.0.1:9", "k"), http)
            await open_stream(client, "http://127.0.0.1:9")

    with pytest.raises(NetworkError):
        asyncio.run(go())


def test_envelopes_survive_shapes_the_sdk_rejects() -> None:
    old_shape = {
        **ENVELOPE,
        "type": "signal.detected",
        "data": {"signals": [{"type": "tension", "start": 1}, {"type": "novel", "start": 2}]},
    }
    bad = {**ENVELOPE, "type": "engagement.updated", "data": {"state": 5}}
    ended = {**ENVELOPE, "type": "session.ended", "data": {"reason": "client_closed"}}

    async def handler(ws):
        auth = ws.request.headers.get("Authorization")
        assert auth == "Bearer good"
        for payload in (READY, old_shape, bad, ended):
            await ws.send(json.dumps(payload))
        await ws.send("not json")
        await ws.close(1000, "done")

    async def go():
        server, base = await _with_server(handler)
        try:
            async with httpx.AsyncClient() as http:
                conn = await open_stream(make_client(Backend.local(base, "good"), http), base)
                async with asyncio.timeout(5):
                    contract = await conn.wait_ready()
                envs = [env async for env in conn.envelopes()]
                return contract, envs, conn.close_code, conn.close_reason
        finally:
            server.close()
            await server.wait_closed()

    contract, envs, code, reason = asyncio.run(go())
    assert contract.max_segment_size_bytes == 1000
    assert [e.type for e in envs] == [
        "session.ready",
        "signal.detected",
        "engagement.updated",
        "session.ended",
    ]
    assert envs[1].typed is None  # the SDK's strict model rejects the old shape…
    signals = envs[1].normalized()  # …but we still read it
    assert [s.signal_type for s in signals if isinstance(s, SignalEvent)] == ["tension", "other"]
    assert isinstance(envs[2].normalized()[0], InvalidEvent)
    assert (code, reason) == (1000, "done")


def test_abnormal_close_becomes_classifiable_error() -> None:
    from interhuman_desktop.api.retry import retry_decision

    async def handler(ws):
        await ws.send(json.dumps(READY))
        await ws.close(1011, "internal")

    async def go():
        server, base = await _with_server(handler)
        try:
            async with httpx.AsyncClient() as http:
                conn = await open_stream(make_client(Backend.local(base, "k"), http), base)
                async with asyncio.timeout(5):
                    await conn.wait_ready()
                _ = [env async for env in conn.envelopes()]
                return conn.close_error()
        finally:
            server.close()
            await server.wait_closed()

    err = asyncio.run(go())
    assert err is not None and err.code == 1011 and err.reason == "internal"
    assert retry_decision(err, 1, fraction=0.5).retry
