"""Canary for the PySide6 build we pin: void C++ calls must not drop references to None/True.

PySide6 6.12 on CPython 3.11 does (every ``QColor.setRed`` lowers ``sys.getrefcount(None)`` by
one) and the app aborts with "none_dealloc" after a few thousand redraws. If this fails after
an upgrade, keep the pin in pyproject.toml.
"""

from __future__ import annotations

import sys


def test_void_calls_do_not_drain_none(qapp) -> None:
    from PySide6.QtGui import QColor

    color = QColor(1, 2, 3)
    before = sys.getrefcount(None)
    for _ in range(2000):
        color.setRed(5)
    assert sys.getrefcount(None) - before > -100


def test_repeated_plot_paints_do_not_drain_true(qapp) -> None:
    import pyqtgraph as pg

    plot = pg.PlotWidget()
    plot.resize(320, 200)
    for i in range(20):
        plot.plot([0, 1, 2], [i, 2, 1])
    plot.grab()
    before = sys.getrefcount(True)
    for _ in range(300):
        plot.grab()
    assert sys.getrefcount(True) - before > -100
