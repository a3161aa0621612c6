"""Cyclic garbage holding Qt objects is freed on the GUI thread, never in a worker thread.

The segfault this guards against: CPython's automatic collection ran in a worker thread,
freed a QObject whose timer was still registered with the GUI thread's dispatcher
("QObject::~QObject: Timers cannot be stopped from another thread"), and the GUI thread
later fired that timer into freed memory.
"""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject, QTimer

from interhuman_desktop.ui.gui_gc import GuiCollector, collect_due


def _qt_garbage(freed_in: list[str]) -> weakref.ref[QObject]:
    """A QObject with a running timer, reachable only through a reference cycle."""
    owner = QObject()
    owner.cycle = owner  # type: ignore[attr-defined]
    timer = QTimer(owner)
    timer.start(60_000)
    return weakref.ref(owner, lambda _r: freed_in.append(threading.current_thread().name))


def _churn() -> None:
    """Cyclic allocations: enough to trip CPython's automatic collection many times over."""
    for _ in range(20 * gc.get_threshold()[0]):
        cycle: list[object] = []
        cycle.append(cycle)


def test_qt_garbage_waits_for_the_gui_thread_while_a_worker_allocates(qapp) -> None:
    gc.enable()  # CPython's default, which the collector must switch off
    collector = GuiCollector()
    collector.start()
    try:
        freed_in: list[str] = []
        ref = _qt_garbage(freed_in)
        worker = threading.Thread(target=_churn, name="worker")
        worker.start()
        worker.join()
        assert not gc.isenabled() and freed_in == [] and ref() is not None
        assert collector.check() > 0  # the timer's tick, on this (the GUI) thread
        assert freed_in == [threading.current_thread().name] and ref() is None
    finally:
        collector.stop()
        gc.disable()  # the suite's own setting (tests/conftest.py)
    assert collect_due() >= 0


def test_stop_frees_what_is_left_and_gives_collection_back(qapp) -> None:
    gc.enable()
    collector = GuiCollector()
    collector.start()
    freed_in: list[str] = []
    ref = _qt_garbage(freed_in)
    collector.stop()
    enabled = gc.isenabled()
    gc.disable()
    assert freed_in == [threading.current_thread().name] and ref() is None and enabled


def test_nothing_is_collected_under_the_thresholds(qapp) -> None:
    gc.collect()
    freed_in: list[str] = []
    ref = _qt_garbage(freed_in)
    assert collect_due((10**9, 10, 10)) == 0 and ref() is not None and freed_in == []
    gc.collect()
    assert ref() is None
