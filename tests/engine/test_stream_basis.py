"""The stream's ``conversation_quality.updated`` carries the CQI's basis (the cues behind each
dimension, as the upload answer does), and the app keeps it on the live timeline, so the gauge
of a live session on the local engine names its cues (issue 12 leftover)."""

from __future__ import annotations

import asyncio
import json

from engine_helpers import recv_until, ws_connect

from interhuman_desktop.session.apply import apply_event
from interhuman_desktop.session.timeline import SessionTimeline

CUES = {"speaking time and long pauses", "speaking time", "loudness", "pitch variety",
        "facial expression", "steady loudness", "facing the camera", "centred in the frame",
        "eye contact", "nodding", "smiling"}


def test_the_stream_sends_the_basis_and_the_live_timeline_keeps_it(engine, clips) -> None:
    async def go() -> list[dict]:
        async with await ws_connect(engine.base_url, engine.api_key) as ws:
            await recv_until(ws, "session.ready")
            await ws.send(json.dumps({"include": ["conversation_quality_overall"]}))
            for _ in range(3):
                await ws.send(clips["face6"].read_bytes())
            await ws.send(json.dumps({"type": "session.close"}))
            return await recv_until(ws, "session.ended")

    events = asyncio.run(asyncio.wait_for(go(), 120))
    quality = [e for e in events if e["type"] == "conversation_quality.updated"]
    assert quality, [e["type"] for e in events]
    last = quality[-1]["data"]
    assert last.get("basis"), last
    assert {c for cues in last["basis"].values() for c in cues} <= CUES
    assert "learning" not in last["basis"]  # no cue bears on it
    timeline = SessionTimeline()
    for e in quality:
        apply_event(timeline, e, lambda t: t)
    assert timeline.quality_basis == last["basis"]
    assert timeline.quality_overall is not None
    again = SessionTimeline.from_dict(json.loads(json.dumps(timeline.to_dict())))
    assert again.quality_basis == last["basis"]  # kept in the session's timeline.json

