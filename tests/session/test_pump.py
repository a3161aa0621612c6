"""ConnectionPump on its own: a real outbox (segment files on disk, a real journal) and a real
event log, over a fake link (no network): what it sends, what it acknowledges, what a second
connection resends, what it gives up on, and what ``session.ended`` covers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from waiting import until

from interhuman_desktop.api.errors import StreamClosedError
from interhuman_desktop.api.stream import RawEnvelope, SessionContract
from interhuman_desktop.session.event_log import EventLog
from interhuman_desktop.session.journal import Journal, recover
from interhuman_desktop.session.live import LiveOptions
from interhuman_desktop.session.offsets import OffsetTable
from interhuman_desktop.session.outbox import Outbox
from interhuman_desktop.session.pump import ConnectionPump, Outcome
from interhuman_desktop.session.timeline import SessionTimeline

SECONDS = 3.0


@dataclass
class Info:
    index: int
    path: Path
    media_duration: float = SECONDS


class FakeClient:
    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.close_requested = False

    async def send_video(self, chunk: bytes) -> None:
        self.sent.append(bytes(chunk))

    async def request_close(self) -> None:
        self.close_requested = True


class FakeLink:
    """A stream connection: the test pushes server envelopes and drops or ends it."""

    def __init__(self) -> None:
        self.client = FakeClient()
        self.close_code: int | None = None
        self._inbox: asyncio.Queue[RawEnvelope | None] = asyncio.Queue()

    def push(self, kind: str, **data: Any) -> None:
        self._inbox.put_nowait(RawEnvelope(kind, {"type": kind, "data": data}))

    def drop(self, code: int = 1006) -> None:
        self.close_code = code
        self._inbox.put_nowait(None)

    async def envelopes(self) -> AsyncIterator[RawEnvelope]:
        while (item := await self._inbox.get()) is not None:
            yield item


class Rig:
    """One session's outbox, event log and offset table; ``connect()`` runs a pump on a link."""

    def __init__(self, folder: Path, options: LiveOptions) -> None:
        self.folder, self.options = folder, options
        self.journal = Journal(folder)
        self.outbox = Outbox(self.journal)
        self.events = EventLog(self.journal, SessionTimeline())
        self.offsets = OffsetTable()

    def add(self, index: int) -> bytes:
        data = f"segment {index} ".encode() * 50
        path = self.folder / f"seg{index}.mp4"
        path.write_bytes(data)
        self.outbox.add(Info(index, path))
        return data

    def connect(self) -> tuple[FakeLink, ConnectionPump, asyncio.Task[Outcome]]:
        link = FakeLink()
        pump = ConnectionPump(self.outbox, self.events, link, self.offsets.new_connection(),
                              SessionContract(), self.options)
        return link, pump, asyncio.ensure_future(pump.run())

    def state(self) -> dict[int, tuple[int, bool, str | None]]:
        return {i: (s.sent_count, s.acked, s.failed) for i, s in self.outbox.segments.items()}


def run(tmp_path: Path, scenario: Callable[[Rig], Awaitable[None]],
        options: LiveOptions | None = None) -> Rig:
    rig = Rig(tmp_path, options or LiveOptions())

    async def main() -> None:
        try:
            await scenario(rig)
        finally:
            rig.journal.close()

    asyncio.run(main())
    return rig


def test_sends_pending_segments_in_order_and_a_drop_keeps_them_pending(tmp_path) -> None:
    async def scenario(rig: Rig) -> None:
        first, second = rig.add(1), rig.add(2)
        link, pump, task = rig.connect()
        await until(lambda: len(link.client.sent) == 2, 30, "both segments sent")
        assert link.client.sent == [first, second]
        assert [(p.index, p.server_start) for p in pump.clock.placed] == [(1, 0.0), (2, SECONDS)]
        rig.add(3)  # recorded while connected: the sender wakes for it
        await until(lambda: len(link.client.sent) == 3, 30, "the new segment sent")
        link.drop()
        assert await task is Outcome.DROPPED
        assert isinstance(pump.problem, StreamClosedError) and pump.problem.code == 1006

    rig = run(tmp_path, scenario)
    assert rig.state() == {1: (1, False, None), 2: (1, False, None), 3: (1, False, None)}
    assert [s.index for s in rig.outbox.pending()] == [1, 2, 3]


def test_event_times_acknowledge_the_segments_the_server_analysed(tmp_path) -> None:
    async def scenario(rig: Rig) -> None:
        rig.add(1)
        rig.add(2)
        link, _pump, task = rig.connect()
        await until(lambda: len(link.client.sent) == 2, 30, "both segments sent")
        link.push("engagement.updated", state="engaged", start=SECONDS)  # end of segment 1
        await until(lambda: rig.events.count == 1, 30, "the event received")
        link.drop()
        await task

    rig = run(tmp_path, scenario)
    assert rig.state() == {1: (1, True, None), 2: (1, False, None)}
    assert rig.events.timeline.engagement == [(SECONDS, "engaged")]
    assert rig.events.raw[0]["connection"] == 1
    journal = recover(tmp_path)
    assert journal.unanalysed == [2]


def test_a_new_connection_resends_what_the_dropped_one_left_unanswered(tmp_path) -> None:
    async def scenario(rig: Rig) -> None:
        rig.add(1)
        second = rig.add(2)
        link, _pump, task = rig.connect()
        await until(lambda: len(link.client.sent) == 2, 30, "both segments sent")
        link.push("engagement.updated", state="engaged", start=SECONDS)
        await until(lambda: rig.outbox.segments[1].acked, 30, "segment 1 acknowledged")
        link.drop()
        await task
        link2, pump2, task2 = rig.connect()
        await until(lambda: len(link2.client.sent) == 1, 30, "the resend")
        assert link2.client.sent == [second]
        assert [(p.index, p.server_start) for p in pump2.clock.placed] == [(2, 0.0)]
        link2.push("engagement.updated", state="neutral", start=SECONDS)  # its clock from 0
        await until(lambda: rig.outbox.segments[2].acked, 30, "segment 2 acknowledged")
        link2.drop()
        await task2

    rig = run(tmp_path, scenario)
    assert rig.state() == {1: (1, True, None), 2: (2, True, None)}
    assert rig.events.timeline.engagement == [(SECONDS, "engaged"), (SECONDS * 2, "neutral")]


def test_a_segment_sent_max_sends_times_is_given_up_not_resent(tmp_path) -> None:
    async def scenario(rig: Rig) -> None:
        rig.add(1)
        link, _pump, task = rig.connect()
        await until(lambda: len(link.client.sent) == 1, 30, "the first send")
        link.drop()
        await task
        third = rig.add(2)
        link2, pump2, task2 = rig.connect()
        await until(lambda: len(link2.client.sent) == 1, 30, "the other segment sent")
        assert link2.client.sent == [third]
        assert [p.index for p in pump2.clock.placed] == [2]
        link2.drop()
        await task2

    rig = run(tmp_path, scenario, LiveOptions(max_sends=1))
    assert rig.state() == {1: (1, False, "no_answer"), 2: (1, False, None)}
    assert [s.index for s in rig.outbox.pending()] == [2]


def test_a_server_that_goes_quiet_while_draining_loses_what_it_was_sent(tmp_path) -> None:
    async def scenario(rig: Rig) -> None:
        rig.add(1)
        link, _pump, task = rig.connect()
        await until(lambda: len(link.client.sent) == 1, 30, "the send")
        link.push("engagement.updated", state="engaged", start=1.0)  # inside segment 1
        await until(lambda: rig.events.count == 1, 30, "the event received")
        rig.outbox.mark_input_done()
        rig.outbox.finish()
        assert await task is Outcome.ENDED  # no session.ended: the quiet period ended it
        assert link.client.close_requested

    rig = run(tmp_path, scenario, LiveOptions(quiet_period=0.3))
    assert rig.state() == {1: (1, False, "no_answer")}


def test_session_ended_acknowledges_only_what_this_connection_sent(tmp_path) -> None:
    async def scenario(rig: Rig) -> None:
        rig.add(1)
        link, _pump, task = rig.connect()
        await until(lambda: len(link.client.sent) == 1, 30, "the first send")
        link.drop()
        await task
        rig.add(2)
        rig.add(3)
        rig.add(4)
        rig.outbox.mark_input_done()
        rig.outbox.finish()
        link2, pump2, task2 = rig.connect()
        await until(lambda: link2.client.close_requested, 30, "session.close after the sends")
        link2.push("error", code="ih5001", message="unreadable segment", segment=2)  # index 3
        link2.push("session.ended")
        assert await task2 is Outcome.ENDED
        assert [p.index for p in pump2.clock.placed] == [2, 4]

    rig = run(tmp_path, scenario, LiveOptions(max_sends=1))
    assert rig.state() == {1: (1, False, "no_answer"), 2: (1, True, None),
                           3: (1, False, "ih5001"), 4: (1, True, None)}
