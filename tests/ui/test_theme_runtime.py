"""A theme switch at runtime (Settings → Theme) re-colours what is already on screen: the
summary at Stop (headings, top moments) and the text of every view stay readable both ways."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from contrast import TEXT_RATIO, palette_contrast, pixel_contrast, visible_texts
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget
from waiting import UI_MS

from interhuman_desktop.ui import theme
from interhuman_desktop.ui.live_summary import Moment, Previous
from interhuman_desktop.ui.main_window import VIEWS, MainWindow
from interhuman_desktop.ui.widgets.session_summary import SessionSummary

MOMENTS = [Moment(45.0, "Hesitation (medium)", "2 pauses over 1 s inside speech", "hesitation"),
           Moment(70.0, "Confidence (high)", "steady voice, upright posture", "confidence")]


@pytest.fixture
def light(qtbot):
    app = QApplication.instance()
    theme.apply_theme(app, "light")
    yield app
    theme.apply_theme(app, "light")


def _switch(qtbot, app, widget, mode: str) -> None:
    dark = theme.apply_theme(app, mode)
    qtbot.waitUntil(lambda: theme.is_dark(widget.palette()) is dark, timeout=UI_MS)


def _summary_texts(summary: SessionSummary) -> list:
    """Every text of the summary: headings, scores, coloured changes, moments, markers."""
    return visible_texts(summary.widget())


def _check_summary(qtbot, summary: SessionSummary) -> None:
    qtbot.waitUntil(lambda: all(b.isVisible() for b in summary.moment_buttons), timeout=UI_MS)
    texts = _summary_texts(summary)
    headings = [w.text() for w in texts]
    assert "Conversation quality" in headings and "Markers" in headings
    assert any("Hesitation" in t for t in headings)  # a moment's title
    assert "+36" in headings and "-24" in headings  # the changes, in colour
    shot = summary.window().grab().toImage()
    for w in texts:
        assert palette_contrast(w) >= TEXT_RATIO, w.text()
        assert pixel_contrast(shot, w) >= TEXT_RATIO, w.text()


def test_summary_headings_and_moments_follow_a_runtime_theme_switch(qtbot, light) -> None:
    summary = SessionSummary()  # built in Light, like the app started in Light
    qtbot.addWidget(summary)
    summary.resize(900, 700)
    summary.show()
    qtbot.waitExposed(summary)
    _switch(qtbot, light, summary, "dark")  # Settings → Dark, then a live session and Stop
    summary.begin(75.0, {"clarity": 85.0, "authority": 49.0}, MOMENTS, [])
    summary.set_previous(Previous("Live session 2026-12-07 16:15",
                                  {"clarity": 49.0, "authority": 73.0}))
    _check_summary(qtbot, summary)
    _switch(qtbot, light, summary, "light")  # back to Light: the moments were built in Dark
    _check_summary(qtbot, summary)
    _switch(qtbot, light, summary, "dark")
    _check_summary(qtbot, summary)


def _pages(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """Every view, and each page of Live (set-up, session, summary), made current in turn."""
    for name in VIEWS:
        window.show_view(name)
        view = window.view(name)
        pages = getattr(view, "_pages", None)
        if not isinstance(pages, QStackedWidget):
            yield name, view
            continue
        for index in range(pages.count()):
            pages.setCurrentIndex(index)
            yield f"{name} page {index}", view
        pages.setCurrentIndex(0)


def test_every_view_keeps_readable_text_after_runtime_switches(qtbot, light, store,
                                                               qsettings) -> None:
    window = MainWindow(store, qsettings=qsettings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.live.summary.begin(75.0, {"clarity": 85.0}, MOMENTS, [])
    for mode in ("dark", "light", "dark"):
        _switch(qtbot, light, window, mode)
        for name, view in _pages(window):
            bad = [(type(w).__name__, w.text()[:40], round(palette_contrast(w), 2))
                   for w in visible_texts(view) if palette_contrast(w) < TEXT_RATIO]
            assert bad == [], (mode, name, bad)
    summary = window.live.summary
    assert all(palette_contrast(w) >= TEXT_RATIO for w in _summary_texts(summary))
