"""UI test fixtures: isolated QSettings, a settings store, and a leaked-thread check."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from waiting import UI_MS

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.session.timeline import SessionTimeline


@pytest.fixture
def qsettings(tmp_path: Path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def store() -> MemorySettingsStore:
    return MemorySettingsStore(AppSettings())


@pytest.fixture
def no_thread_leak():
    """Fail if the test leaves Python threads or Qt thread-pool work running."""
    from PySide6.QtCore import QThreadPool

    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert leaked == [], f"threads left running: {leaked}"
    pool = QThreadPool.globalInstance()
    assert pool.waitForDone(UI_MS) and pool.activeThreadCount() == 0


@pytest.fixture
def timeline() -> SessionTimeline:
    return small_timeline()


def small_timeline() -> SessionTimeline:
    """Signals inside a 6 s clip: two lanes, one "other", engagement, CQI, feedback."""
    tl = SessionTimeline()
    for kind, a, b, prob in (("confidence", 0.5, 1.5, "high"), ("stress", 2.0, 3.0, "medium"),
                             ("confidence", 3.5, 4.5, "low"), ("novel_cue", 4.8, 5.5, "high")):
        tl.signal_detected(kind, a, prob, f"{kind} rationale", ["video"])
        tl.signal_ended(kind, b)
    tl.engagement_changed("neutral", 0.0)
    tl.engagement_changed("engaged", 2.0)
    tl.feedback_generated(3.0, "Keep going")
    tl.media_end = 6.0
    return tl
