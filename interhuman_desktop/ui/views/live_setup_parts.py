"""Pieces of the Live set-up (:mod:`.live_setup`): the pre-flight results as HTML, the file
pickers (a recording as the camera, or its sound as the microphone) and which microphone
entries apply to the chosen mode."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QListView,
    QProgressBar,
    QWidget,
)

from interhuman_desktop.session.timeline import DIMENSIONS
from interhuman_desktop.ui.theme import OKABE_ITO

VIDEO_FILES = "Video files (*.mp4 *.mov *.mkv *.avi *.webm *.ts)"
SOUND_FILES = "Recordings with sound (*.wav *.flac *.mp3 *.m4a *.ogg *.mp4 *.mov *.mkv *.webm)"
PICK_FILE = "pick-file"
NO_MIC = "none"
NO_CAMERA = "none"  # "Microphone only": an audio-only session, the video spec is "none"
MODES = (("Camera and microphone", "camera"), ("Microphone only (no camera)", NO_CAMERA))


def checks_html(checks: Sequence[Any]) -> str:
    """Pre-flight checks as a short list: ✔ fine, ⚠ message + the fix to try."""
    rows = []
    for c in checks:
        if c.ok:
            rows.append(f"<span style='color:{OKABE_ITO['bluish_green']}'>✔</span> "
                        f"{html.escape(c.message)}")
        else:
            fix = f"<br>&nbsp;&nbsp;&nbsp;<i>Fix: {html.escape(c.fix)}</i>" if c.fix else ""
            rows.append(f"<span style='color:{OKABE_ITO['vermillion']}'>⚠</span> "
                        f"{html.escape(c.message)}{fix}")
    return "<br>".join(rows)


def pick_file(parent: QWidget, title: str, name_filter: str,
              chosen: Callable[[Path], None]) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    dialog.setNameFilter(name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(lambda p: chosen(Path(p)) if p else None)
    dialog.open()
    return dialog


def fill_microphones(box: QComboBox, microphones: Sequence[Any], files: Sequence[str],
                     listed: bool) -> None:
    """The microphone entries: the default (or, once ``listed`` found none, "No microphone
    found", disabled), each input device, none, the ``files`` (``file:PATH``), pick a file."""
    found = bool(microphones) or not listed
    box.addItem("Default microphone" if found else "No microphone found", "")
    model = box.model()
    item = model.item(0) if isinstance(model, QStandardItemModel) else None
    if not found and item is not None:
        item.setEnabled(False)
        box.setItemData(0, "No input device: play a file as the microphone, or connect one",
                        Qt.ItemDataRole.ToolTipRole)
    for mic in microphones:
        box.addItem(mic.name, str(mic.id))
    box.addItem("No microphone (video only)", NO_MIC)
    for spec in dict.fromkeys(f for f in files if f.startswith("file:")):
        box.addItem(f"File: {Path(spec[5:]).name}", spec)
    box.addItem("Play a file as microphone…", PICK_FILE)


def _enabled(box: QComboBox, row: int) -> bool:
    model = box.model()
    item = model.item(row) if isinstance(model, QStandardItemModel) and row >= 0 else None
    return row >= 0 and (item is None or item.isEnabled())


def usable_mic(box: QComboBox, wanted: str, audio_only: bool) -> int:
    """The row to select for ``wanted``: it when it fits the mode, else the default; with a
    camera and no microphone found, "No microphone (video only)"."""
    row = box.findData(wanted)
    fits = not (audio_only and wanted == NO_MIC) and not (
        not audio_only and wanted.startswith("file:"))  # a file plays as the camera there
    if fits and _enabled(box, row):
        return row
    default = max(0, box.findData(""))
    if not audio_only and not _enabled(box, default):
        return max(0, box.findData(NO_MIC))
    return default


def show_mic_items(box: QComboBox, audio_only: bool) -> None:
    """Microphone only: no "No microphone" entry; with a camera: no sound files (a file plays
    as the camera and brings its own sound)."""
    view = box.view()
    if not isinstance(view, QListView):
        return
    for row in range(box.count()):
        data = str(box.itemData(row))
        hidden = (data == NO_MIC) if audio_only else (
            data == PICK_FILE or data.startswith("file:"))
        view.setRowHidden(row, hidden)


def mode_box() -> QComboBox:
    """"Camera and microphone" / "Microphone only (no camera)"."""
    box = QComboBox()
    box.setAccessibleName("What to record")
    for label, data in MODES:
        box.addItem(label, data)
    box.setToolTip("Microphone only: no camera is opened or recorded; the voice cues come "
                   "from the sound alone (the inter-2-audio model)")
    return box


def level_bar(orientation: Qt.Orientation) -> QProgressBar:
    """A sound level meter, -60 … 0 dBFS."""
    bar = QProgressBar()
    bar.setRange(0, 60)
    bar.setTextVisible(False)
    bar.setAccessibleName("Sound level")
    bar.setOrientation(orientation)
    return bar


def show_level(bar: QProgressBar, level_db: float | None) -> None:
    db = -60.0 if level_db is None else max(-60.0, min(0.0, level_db))
    bar.setValue(round(db + 60))
    text = "no sound yet" if level_db is None else f"{db:.0f} dBFS"
    bar.setToolTip(text)
    bar.setFormat(text)  # shown where the bar has room for text (the live page's meter)


def select_file(box: QComboBox, path: Path) -> None:
    """Pick ``file:PATH`` in ``box``, adding it before the last entry ("Play a file as …")."""
    spec = f"file:{path}"
    index = box.findData(spec)
    if index < 0:
        index = box.count() - 1
        box.insertItem(index, f"File: {path.name}", spec)
    box.setCurrentIndex(index)


def goal_row(changed: Callable[[], None]) -> tuple[QHBoxLayout, dict[str, QCheckBox]]:
    """A check box per coaching goal; ``changed()`` after any toggle."""
    row = QHBoxLayout()
    boxes = {d: QCheckBox(d.capitalize()) for d in DIMENSIONS}
    for dim, box in boxes.items():
        box.setAccessibleName(f"Coaching goal: {dim}")
        box.setToolTip(f"Ask for feedback aimed at {dim}")
        box.toggled.connect(lambda _on: changed())
        row.addWidget(box)
    row.addStretch(1)
    return row, boxes
