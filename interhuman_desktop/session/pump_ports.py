"""The small interfaces a :class:`~interhuman_desktop.session.pump.ConnectionPump` works through.

The pump sends what the :class:`PumpOutbox` holds over a :class:`Link` and hands what comes back
to an :class:`EventSink`; it knows nothing else of the live session (``session.live`` builds
one pump per connection from its :class:`~interhuman_desktop.session.outbox.Outbox` and
:class:`~interhuman_desktop.session.event_log.EventLog`). Tests drive it with fakes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, Protocol

from interhuman_desktop.api.stream import RawEnvelope
from interhuman_desktop.session.segments import Segment

Mapper = Callable[[float], float]


class LinkClient(Protocol):
    """The sending half of a stream connection (the SDK's ``StreamClient``)."""

    async def send_video(self, chunk: bytes) -> None: ...

    async def send_audio(self, frame: bytes) -> None: ...

    async def request_close(self) -> None: ...


class Link(Protocol):
    """One open stream connection (``api.stream.StreamConnection``)."""

    @property
    def client(self) -> LinkClient: ...

    @property
    def close_code(self) -> int | None: ...

    def envelopes(self) -> AsyncIterator[RawEnvelope]: ...


class PumpLimits(Protocol):
    """The session options the pump obeys (``session.live.LiveOptions``)."""

    max_sends: int  # a segment sent this often without an answer is given up on
    quiet_period: float  # draining: end when the server says nothing for this long
    drain_limit: float  # draining: never wait longer than this after ``session.closing``


class PumpOutbox(Protocol):
    """The segments: what is recorded, sent, acknowledged or failed."""

    @property
    def segments(self) -> Mapping[int, Segment]: ...

    @property
    def input_done(self) -> bool: ...

    @property
    def finishing(self) -> bool: ...

    def pending(self) -> list[Segment]: ...

    async def wait_for_input(self) -> None: ...

    def placed(self, connection: int, segment: Segment) -> None: ...

    def ack(self, indexes: list[int]) -> None: ...

    def rejected(self, connection: int, nth: int, index: int, code: str) -> None: ...


class EventSink(Protocol):
    """Where the server's events go: counted and kept, then applied to the timeline."""

    @property
    def last_event_at(self) -> float | None: ...

    def received(self, connection: int, raw: dict[str, Any]) -> None: ...

    def apply(self, raw: dict[str, Any], to_recording: Mapper) -> list[float]: ...
