"""A bounded queue that never blocks its producer: when full it drops the oldest item and counts.

Capture threads and audio callbacks must never wait on a slow consumer (a blocked PortAudio
callback glitches; a blocked camera thread loses sync), so a full queue sheds load instead and
the drop count shows up in the health figures.
"""

from __future__ import annotations

import collections
import threading
from typing import Generic, TypeVar

T = TypeVar("T")


class DropQueue(Generic[T]):
    """Thread-safe FIFO with a fixed capacity; ``put`` never blocks, ``get`` may wait."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._items: collections.deque[T] = collections.deque()
        self._capacity = capacity
        self._cond = threading.Condition()
        self.put_count = 0
        self.dropped = 0

    def put(self, item: T) -> bool:
        """Add ``item``; return False when an older item had to be dropped to make room."""
        with self._cond:
            kept_all = True
            if len(self._items) >= self._capacity:
                self._items.popleft()
                self.dropped += 1
                kept_all = False
            self._items.append(item)
            self.put_count += 1
            self._cond.notify()
            return kept_all

    def get(self, timeout: float | None = None) -> T | None:
        """Remove and return the oldest item, or None if none arrived within ``timeout``."""
        with self._cond:
            if not self._items:
                self._cond.wait(timeout)
            return self._items.popleft() if self._items else None

    def drain(self) -> list[T]:
        """Remove and return everything queued now."""
        with self._cond:
            items = list(self._items)
            self._items.clear()
            return items

    def __len__(self) -> int:
        with self._cond:
            return len(self._items)

    @property
    def capacity(self) -> int:
        return self._capacity
