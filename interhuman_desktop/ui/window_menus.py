"""The main window's menu bar: File (Open…, Quit), View (one entry per page, Ctrl+1…) and Help.

Installed on the main window by :func:`install`; other wirings add to these menus afterwards
(``export_wiring`` puts File ▸ Export… after Open…).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

log = logging.getLogger(__name__)
VIEW_MENU = ("&Live", "&Analyze", "Li&brary", "&Review", "&Compare", "&Progress",
             "&Settings")  # unique mnemonics, in the order of the window's VIEWS


def install(window: Any, views: tuple[str, ...]) -> None:
    """Build the File, View and Help menus of ``window`` (its pages are ``views``)."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    _action(window, file_menu, "&Open video files…", "Ctrl+O", lambda: _open_dialog(window))
    file_menu.addSeparator()
    _action(window, file_menu, "&Quit", "Ctrl+Q", window.close)
    view_menu = bar.addMenu("&View")
    for i, (name, text) in enumerate(zip(views, VIEW_MENU, strict=True)):
        _action(window, view_menu, text, f"Ctrl+{i + 1}", partial(window.show_view, name))
    help_menu = bar.addMenu("&Help")
    _action(window, help_menu, "&Keyboard shortcuts", "F1", window.show_shortcuts)
    _action(window, help_menu, "Open &log file", None, window.open_log_file)
    help_menu.addSeparator()
    _action(window, help_menu, "&About Interhuman Desktop", None, window.show_about)


def _action(window: Any, menu: QMenu, text: str, keys: str | None,
            slot: Callable[[], object]) -> QAction:
    action = QAction(text, window)
    if keys:
        action.setShortcut(keys)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def _open_dialog(window: Any) -> None:
    window.show_view("Analyze")
    window.analyze.open_files()
