"""FrameWorker: items measured in order on one thread, errors handed back, no thread left."""

from __future__ import annotations

import threading

import pytest

from interhuman_desktop.engine.analysis.frame_worker import FrameWorker


def test_items_are_measured_in_order_on_another_thread() -> None:
    seen: list[tuple[int, str]] = []
    worker = FrameWorker(lambda i: seen.append((i, threading.current_thread().name)), depth=2,
                         name="test-frames")
    for i in range(50):
        worker.put(i)
    worker.join()
    assert [i for i, _ in seen] == list(range(50))
    assert {name for _, name in seen} == {"test-frames"}
    assert not any(t.name == "test-frames" for t in threading.enumerate())


def test_an_error_comes_back_to_the_producer_and_later_items_are_dropped() -> None:
    seen: list[int] = []

    def measure(i: int) -> None:
        if i == 3:
            raise ValueError("bad frame")
        seen.append(i)

    worker = FrameWorker(measure, depth=1)
    with pytest.raises(ValueError, match="bad frame"):
        for i in range(100):  # the producer never blocks on the full queue of a failed worker
            worker.put(i)
        worker.join()
    worker.close()
    assert seen == [0, 1, 2]


def test_close_without_join_ends_the_thread_and_is_idempotent() -> None:
    worker = FrameWorker(lambda i: None, name="test-close")
    worker.put(1)
    worker.close()
    worker.close()
    assert not any(t.name == "test-close" for t in threading.enumerate())
    FrameWorker(lambda i: None).close()  # never started
