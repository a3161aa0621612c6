"""Switchable faults for tests of the client's retry and reconnect paths (decisions.md #13).

Given as ``NAME=VALUE`` (CLI ``--fault``, repeatable). Every fault is off by default.

- ``upload-429-every=N``: every Nth upload answers 429 ``ih3001`` with ``Retry-After: 1``.
- ``upload-500-every=N``: every Nth upload answers 500 ``ih1001``.
- ``disconnect-after-segments=N``: after the Nth accepted segment of a connection, and after
  that segment's events were sent, the TCP connection is aborted with no close frame (1006).
- ``close-1011-after-segments=N``: after the Nth accepted segment (events sent), close 1011.
- ``first-event-delay=SECONDS``: hold back the first analysis event of each session.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from interhuman_desktop.core.error_ids import ErrorId

_INT_FAULTS = {
    "upload-429-every": "upload_429_every",
    "upload-500-every": "upload_500_every",
    "disconnect-after-segments": "disconnect_after_segments",
    "close-1011-after-segments": "close_1011_after_segments",
}
_FLOAT_FAULTS = {"first-event-delay": "first_event_delay"}
FAULT_NAMES = tuple(sorted([*_INT_FAULTS, *_FLOAT_FAULTS]))


class FaultSpecError(ValueError):
    """A ``--fault`` value that names no known fault or has a bad value."""


@dataclass
class Faults:
    upload_429_every: int = 0
    upload_500_every: int = 0
    disconnect_after_segments: int = 0
    close_1011_after_segments: int = 0
    first_event_delay: float = 0.0
    _uploads: itertools.count[int] = field(default_factory=lambda: itertools.count(1), repr=False)

    @classmethod
    def parse(cls, specs: Iterable[str]) -> Faults:
        """Build from ``NAME=VALUE`` strings; raises :class:`FaultSpecError` on anything unknown."""
        faults = cls()
        for spec in specs:
            name, sep, raw = spec.partition("=")
            name = name.strip()
            if not sep:
                raise FaultSpecError(f"fault {spec!r} must be NAME=VALUE")
            if name in _INT_FAULTS:
                value: float = _parse_number(name, raw, int)
                setattr(faults, _INT_FAULTS[name], value)
            elif name in _FLOAT_FAULTS:
                value = _parse_number(name, raw, float)
                setattr(faults, _FLOAT_FAULTS[name], value)
            else:
                raise FaultSpecError(
                    f"unknown fault {name!r}; known faults: {', '.join(FAULT_NAMES)}"
                )
        return faults

    def next_upload_fault(self) -> str | None:
        """Count one upload; return ``ErrorId.RATE_LIMITED``, ``ErrorId.INTERNAL`` or None."""
        n = next(self._uploads)
        if self.upload_429_every and n % self.upload_429_every == 0:
            return ErrorId.RATE_LIMITED
        if self.upload_500_every and n % self.upload_500_every == 0:
            return ErrorId.INTERNAL
        return None


def _parse_number(name: str, raw: str, kind: type[int] | type[float]) -> float:
    try:
        value = kind(raw.strip())
    except ValueError:
        raise FaultSpecError(f"fault {name!r} needs a number, got {raw!r}") from None
    if value < 0:
        raise FaultSpecError(f"fault {name!r} must not be negative")
    return value
