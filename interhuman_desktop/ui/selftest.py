"""The Qt half of ``interhuman-desktop --self-test``: open the main window offscreen, wait for
its first paint, close it (the non-Qt checks are :mod:`interhuman_desktop.selftest`)."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)


def ensure_qapplication(argv: list[str] | None = None) -> QApplication:
    """The QApplication; offscreen when there is no display (bundle checks, CI, benches)."""
    if (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
            and not os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import interhuman_desktop.ui  # noqa: F401  (the refcount guard, before any Qt call)

    existing = QApplication.instance()
    if existing is not None:
        return cast(QApplication, existing)
    return QApplication(argv or sys.argv[:1])


class _PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def wait_for_first_paint(app: QApplication, widget: QWidget, timeout: float = 10.0) -> bool:
    """Process events until ``widget`` painted once (True) or ``timeout`` seconds passed."""
    spy = _PaintSpy()
    widget.installEventFilter(spy)
    deadline = time.monotonic() + timeout
    try:
        while not spy.painted and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
    finally:
        widget.removeEventFilter(spy)
    return spy.painted


def open_main_window_for_self_test(timeout: float = 10.0) -> bool:
    """Bundle self-test: create the app, open the main window, wait for its first paint, close.

    Uses in-memory settings, no library and no engine; no event loop is left running.
    Returns True when the window painted.
    """
    try:
        app = ensure_qapplication()
        from interhuman_desktop.config.settings import MemorySettingsStore
        from interhuman_desktop.ui.main_window import MainWindow

        with tempfile.TemporaryDirectory(prefix="ih-selftest-") as tmp:
            qs = QSettings(str(Path(tmp) / "selftest.ini"), QSettings.Format.IniFormat)
            window = MainWindow(MemorySettingsStore(), qsettings=qs)
            window.show()
            ok = wait_for_first_paint(app, window, timeout)
            window.close()
            window.deleteLater()
            app.processEvents()
        log.info("self-test: main window %s", "painted" if ok else "did not paint")
        return ok
    except Exception:  # the self-test reports, it does not raise
        log.exception("self-test: the main window failed to open")
        return False
