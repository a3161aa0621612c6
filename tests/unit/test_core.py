import threading

from interhuman_desktop.core.clock import Stopwatch
from interhuman_desktop.core.queues import DropQueue


def test_full_queue_drops_oldest_and_counts_without_blocking() -> None:
    q: DropQueue[int] = DropQueue(3)
    kept = [q.put(i) for i in range(5)]
    assert kept == [True, True, True, False, False]
    assert q.dropped == 2 and q.put_count == 5
    assert q.drain() == [2, 3, 4]


def test_get_waits_for_a_producer_on_another_thread() -> None:
    q: DropQueue[str] = DropQueue(1)
    threading.Timer(0.05, q.put, args=("frame",)).start()
    assert q.get(timeout=30.0) == "frame"
    assert q.get(timeout=0.01) is None


def test_stopwatch_is_zero_until_started() -> None:
    sw = Stopwatch()
    assert sw.elapsed == 0.0 and not sw.started
    assert sw.start().elapsed >= 0.0
