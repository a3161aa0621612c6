"""Python's cyclic garbage is collected on the GUI thread only.

CPython runs its cyclic collector in whichever thread happens to allocate when a threshold
trips: a capture thread, the frame worker, a ``to_thread`` job (qasync runs those on QThreads).
The garbage it frees there includes Qt objects: pyqtgraph's parentless menus (widgets), a
controller's timers, a closed qasync loop's timer object. A QObject destroyed off its own
thread cannot unregister its timers ("QObject::~QObject: Timers cannot be stopped from another
thread"): the GUI thread's dispatcher later fires a timer into freed memory and the app
segfaults, at a random moment well after the cause. So automatic collection is switched off
and :class:`GuiCollector` collects from a timer on the GUI thread, generation by generation
with CPython's own thresholds (the same amount of work, in the one safe place).
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)
INTERVAL_MS = 500


class GuiCollector(QObject):
    """While it runs (``start``, until ``stop``), automatic collection is off and ``check``
    collects on the GUI thread what CPython's thresholds call for."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()
        log.debug("cyclic garbage collected on the GUI thread every %d ms",
                  self._timer.interval())

    def stop(self) -> None:
        """Collect what is left (here, on this thread) and give collection back to CPython."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def check(self) -> int:
        """One timer tick: the generations over their threshold; returns what was freed."""
        return collect_due(self.threshold)


def collect_due(threshold: tuple[int, int, int] | None = None) -> int:
    """Collect, on the calling thread, the generations whose count is over ``threshold``
    (CPython's own by default), as the automatic collector would; returns what was freed."""
    limit0, limit1, limit2 = threshold or gc.get_threshold()
    count0, count1, count2 = gc.get_count()
    freed = 0
    if count0 > limit0:
        freed += gc.collect(0)
        if count1 > limit1:
            freed += gc.collect(1)
            if count2 > limit2:
                freed += gc.collect(2)
    return freed


def collect_on_gui_thread(parent: QObject | None = None) -> GuiCollector:
    """Start a :class:`GuiCollector` (the app calls this once, on the GUI thread)."""
    collector = GuiCollector(parent)
    collector.start()
    return collector
