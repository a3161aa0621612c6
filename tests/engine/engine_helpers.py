"""Helpers shared by the engine tests (raw protocol clients; no mocks)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
from interhumanai.stream import parse_stream_event
from waiting import ENGINE_READY_S
from websockets.asyncio.client import ClientConnection, connect

KEY_PAIR = ("test-key-id", "test-key-secret")
READY_TIMEOUT = ENGINE_READY_S
FOUR_FIELDS = {"error_id", "correlation_id", "link", "message"}
DOCS = "https://docs.interhuman.ai/api-reference/error-handling#"

SCENARIO = {
    "stream": [
        {"at": 0.0, "type": "engagement.updated", "data": {"state": "engaged", "start": 0.0}},
        {"at": 1.0, "type": "signal.detected",
         "data": {"signal_type": "agreement", "start": 1.0, "probability": "high",
                  "rationale": "Scripted.", "modality": ["video"]}},
        {"at": 6.0, "type": "conversation_quality.updated",
         "data": {"overall": {"quality_index": 60, "clarity": 60, "authority": 60, "energy": 60,
                              "rapport": 60, "learning": 60},
                  "timeline": [{"start": 0, "end": 6, "values": {
                      "quality_index": 60, "clarity": 60, "authority": 60, "energy": 60,
                      "rapport": 60, "learning": 60}}]}},
        {"at": 7.0, "type": "feedback.generated", "data": {"feedback": "Slow down a little."}},
    ],
    "upload": {
        "signals": [{"type": "confidence", "start": 0.0, "end": 3.0, "probability": "medium",
                     "rationale": "Scripted.", "modality": ["video"]}],
        "engagement_state": [{"state": "engaged", "start": 0.0, "end": 4.0}],
        "feedback": {"type": "no_feedback", "reason": "Scripted."},
    },
}


def ws_url(base_url: str) -> str:
    return base_url.replace("http://", "ws://") + "/v1/stream/analyze"


def http_client(**kw: Any) -> httpx.Client:
    return httpx.Client(trust_env=False, timeout=kw.pop("timeout", 60), **kw)


def assert_error(response: httpx.Response, status: int, error_id: str) -> dict:
    """The response is the four-field body with this id, and carries X-Correlation-ID."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == FOUR_FIELDS
    assert body["error_id"] == error_id
    assert body["link"].startswith(DOCS + error_id + "-")
    cid = response.headers["x-correlation-id"]
    assert str(uuid.UUID(cid)) == cid == body["correlation_id"]
    return body


async def ws_connect(base_url: str, key: str | None = None, **kw: Any) -> ClientConnection:
    headers = {"Authorization": f"Bearer {key}"} if key else None
    return await connect(ws_url(base_url), additional_headers=headers, max_size=None,
                         open_timeout=60, **kw)


RECV_BOUND_S = 60.0  # a bound for a hang on a loaded machine, not an expectation


async def recv_event(ws: ClientConnection) -> dict:
    """The next envelope (at most ``RECV_BOUND_S``); checked against the SDK's models. A caller
    that expects silence bounds it tighter: ``async with asyncio.timeout(1): ...``."""
    import asyncio

    async with asyncio.timeout(RECV_BOUND_S):
        raw = await ws.recv()
    env = json.loads(raw)
    assert list(env) == ["timestamp", "correlation_id", "type", "data"]
    assert env["timestamp"].endswith("Z") and len(env["timestamp"]) == 27
    parse_stream_event(env)  # raises if the SDK cannot validate it
    return env


async def recv_until(ws: ClientConnection, type_: str) -> list[dict]:
    """Envelopes up to and including the first of ``type_``."""
    seen = []
    while True:
        env = await recv_event(ws)
        seen.append(env)
        if env["type"] == type_:
            return seen
