"""The one monotonic clock that every captured frame, audio block and health figure uses.

Capture threads, the encoder and the session all stamp with :func:`now`, so a frame and an audio
block captured at the same instant carry the same time no matter which thread saw them first.
Times are seconds as floats; only differences are meaningful.
"""

from __future__ import annotations

import time

now = time.monotonic


class Stopwatch:
    """Seconds since ``start()`` on the shared clock (``elapsed`` is 0 before the start)."""

    def __init__(self) -> None:
        self._started: float | None = None

    def start(self) -> Stopwatch:
        self._started = now()
        return self

    @property
    def started(self) -> bool:
        return self._started is not None

    @property
    def elapsed(self) -> float:
        return 0.0 if self._started is None else now() - self._started
