"""Measure frames on a second thread while the caller goes on decoding (uploads).

Decoding (PyAV) and FaceMesh both release the GIL for their C work, so with two cores they
overlap: an upload's wall time becomes about the larger of the two instead of their sum. The
frames are measured one at a time, **in the order given**, by the one tracker of the upload,
so the cues are exactly those of the serial path. The queue is bounded (a few pictures), so
memory stays flat however long the file is.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
DEPTH = 8  # pictures waiting at most (320x240 BGR: 230 kB each)
_STOP = object()


class FrameWorker(Generic[T]):
    """``put`` items; ``fn`` runs on them in order on one thread; ``join`` waits for all.

    An error raised by ``fn`` stops the measuring (later items are dropped) and is raised again
    by the next ``put`` or by ``join``. ``close`` ends the thread without raising; idempotent.
    """

    def __init__(self, fn: Callable[[T], None], depth: int = DEPTH, name: str = "frames") -> None:
        self._fn = fn
        self._queue: queue.Queue[object] = queue.Queue(depth)
        self._name = name
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def put(self, item: T) -> None:
        self._raise()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()
        self._queue.put(item)

    def join(self) -> None:
        """Wait until every item is measured; raise the measuring's error, if any."""
        self.close()
        self._raise()

    def close(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(_STOP)  # the thread always drains, so this never blocks for long
            thread.join()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if self._error is not None:
                continue  # failed: drain, so that the producer never blocks
            try:
                self._fn(item)  # type: ignore[arg-type]
            except BaseException as exc:  # noqa: BLE001 - re-raised in the producer's thread (_raise)
                log.debug("frame measuring failed: %r", exc)
                self._error = exc
