"""Keyboard shortcuts of the review view: one table feeds both the QShortcuts and Help."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

# (keys, description, action name on ReviewView, args)
REVIEW_SHORTCUTS: tuple[tuple[str, str, str, tuple], ...] = (
    ("Space", "Play / pause", "toggle_play", ()),
    ("K", "Pause", "pause", ()),
    ("L", "Play; press again to play faster (1×, 1.5×, 2×)", "play_faster", ()),
    ("J", "Back 5 s (reverse playback is not supported by the player)", "step", (-5.0,)),
    ("Left", "Back 1 s", "step", (-1.0,)),
    ("Right", "Forward 1 s", "step", (1.0,)),
    ("Shift+Left", "Back 5 s", "step", (-5.0,)),
    ("Shift+Right", "Forward 5 s", "step", (5.0,)),
    ("N", "Next signal (any lane)", "next_signal", (True, False)),
    ("P", "Previous signal (any lane)", "next_signal", (False, False)),
    ("Shift+N", "Next signal in the selected lane", "next_signal", (True, True)),
    ("Shift+P", "Previous signal in the selected lane", "next_signal", (False, True)),
    ("A", "Set loop start (A of an A–B loop) at the playhead", "mark_loop", (True,)),
    ("B", "Set loop end (B) at the playhead and start looping", "mark_loop", (False,)),
    ("Escape", "Stop looping", "clear_loop", ()),
    ("+", "Zoom the timeline in around the playhead", "zoom", (0.5,)),
    ("=", "Zoom the timeline in (same as +)", "zoom", (0.5,)),
    ("-", "Zoom the timeline out", "zoom", (2.0,)),
    ("0", "Show the whole recording", "fit", ()),
)

APP_SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+1 … Ctrl+7", "Live, Analyze, Library, Review, Compare, Progress, Settings"),
    ("Ctrl+O", "Open video files to analyse"),
    ("F1", "This list of shortcuts"),
    ("Ctrl+Q", "Quit"),
)
LIVE_SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("M", "While recording: add a marker now (anywhere but in a text field)"),
    ("Enter", "In the marker note field: save the note and leave the field (Esc too)"),
)
LIBRARY_SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Return", "Open the selected entry in Review"),
    ("Delete", "Delete the selected entry (asks first)"),
    ("F2", "Rename the selected entry"),
)


def install_shortcuts(view: QWidget) -> list[QShortcut]:
    """Bind every review shortcut to ``view``'s method, active while the view has focus."""
    shortcuts = []
    for keys, text, name, args in REVIEW_SHORTCUTS:
        shortcut = QShortcut(QKeySequence(keys), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.setWhatsThis(text)
        shortcut.activated.connect(_bind(getattr(view, name), args))
        shortcuts.append(shortcut)
    return shortcuts


def _bind(method: Callable[..., object], args: tuple) -> Callable[[], None]:
    def call() -> None:
        method(*args)

    return call


def shortcut_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(keys, description)]) in the order Help shows them."""
    review = [(k, d) for k, d, _n, _a in REVIEW_SHORTCUTS if k != "="]
    return [("Everywhere", list(APP_SHORTCUTS)), ("Live", list(LIVE_SHORTCUTS)),
            ("Library", list(LIBRARY_SHORTCUTS)), ("Review", review)]


def shortcuts_html() -> str:
    """The shortcut list as HTML tables (one per view) for the Help dialog."""
    parts = []
    for heading, rows in shortcut_sections():
        cells = "".join(f"<tr><td><b>{k}</b></td><td>{d}</td></tr>" for k, d in rows)
        parts.append(f"<h3>{heading}</h3><table cellspacing='6'>{cells}</table>")
    return "".join(parts)
