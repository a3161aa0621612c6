"""The Help menu's dialogs: keyboard shortcuts, About (with versions) and the log file."""

from __future__ import annotations

import html
import importlib
import logging
import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from interhuman_desktop import __version__
from interhuman_desktop.ui.views.review_keys import shortcuts_html

log = logging.getLogger(__name__)


def _module_version(name: str, attr: str = "__version__") -> str:
    try:
        return str(getattr(importlib.import_module(name), attr, "?"))
    except Exception:  # noqa: BLE001 - not installed, or broken: the About box says so
        return "not available"


def versions() -> dict[str, str]:
    """The versions the About box lists (``interhuman_desktop.about`` when it exists)."""
    try:
        about = importlib.import_module("interhuman_desktop.about")
        found = {"Interhuman Desktop": __version__, "Python": platform.python_version(),
                 "Qt": qVersion()}
        for c in about.components():
            if c.main:  # the supporting libraries are in the details (about_text)
                found.setdefault(c.name, f"{c.version} ({c.licence})")
        return found
    except Exception:  # not there yet, or broken: list the essentials ourselves
        log.debug("interhuman_desktop.about unavailable", exc_info=True)
    return {"Interhuman Desktop": __version__, "Python": platform.python_version(),
            "Qt": qVersion(), "PySide6": pyside_version, "PyAV": _module_version("av"),
            "OpenCV": _module_version("cv2"), "pyqtgraph": _module_version("pyqtgraph")}


def about_html() -> str:
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
                   for k, v in versions().items())
    return (f"<h3>Interhuman Desktop {html.escape(__version__)}</h3><p>Social signals, "
            "engagement and conversation quality in video, live or from files.</p><p>Signals "
            "are observations of behaviour, not a readout of feelings.</p>"
            f"<table cellspacing='4'>{rows}</table><p>Free software under the GNU General "
            "Public License, version 3 or later (GPL-3.0-or-later), with ABSOLUTELY NO "
            "WARRANTY. Every bundled component, its licence and licence text: "
            "<i>Show Details</i> and THIRD_PARTY_NOTICES.md in the app's resources.</p>")


def _details() -> str:
    try:
        return str(importlib.import_module("interhuman_desktop.about").about_text())
    except Exception:  # About must open even when a component's metadata is broken
        log.warning("the About details could not be built", exc_info=True)
        return ""


def show_about(parent: QWidget) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.NoIcon, "About Interhuman Desktop", about_html(),
                      QMessageBox.StandardButton.Close, parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setDetailedText(_details())
    box.open()
    return box


def show_shortcuts(parent: QWidget) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", shortcuts_html(),
                      QMessageBox.StandardButton.Close, parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.open()
    return box


def open_log_file(parent: QWidget, path: Path | None) -> bool:
    """Open the log in the system's viewer; says so (non-blocking) if there is none."""
    if path is None or not path.exists():
        box = QMessageBox(QMessageBox.Icon.Information, "Log file",
                          "No log file has been written yet.",
                          QMessageBox.StandardButton.Close, parent)
        box.open()
        return False
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    box = QMessageBox(QMessageBox.Icon.Information, "Log file",
                      f"No viewer could open the log. It is here:\n{path}",
                      QMessageBox.StandardButton.Close, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return False
