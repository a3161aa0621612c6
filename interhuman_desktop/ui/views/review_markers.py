"""MarkerList: the recording's markers in Review (time, note): click to jump, edit, delete.
A delete can be undone for a few seconds (the "Undo" link under the list, or Ctrl+Z).

The markers are the timeline's own (``SessionTimeline.markers``, the format Live writes); this
panel edits them in place and emits ``markersChanged`` so the library keeps the change.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.session.timeline import Marker, SessionTimeline
from interhuman_desktop.ui.timefmt import fmt_time

log = logging.getLogger(__name__)
UNDO_MS = 10_000  # how long a deleted marker can be brought back


def marker_text(marker: Marker) -> str:
    return f"{fmt_time(marker.t)}  {marker.note or '(no note)'}"


class MarkerList(QWidget):
    """``seekRequested(t)`` on a click; ``markersChanged()`` after an edit or a delete."""

    seekRequested = Signal(float)
    markersChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline: SessionTimeline | None = None
        self.dialog: QInputDialog | None = None  # the open note editor (tests)
        self.list = QListWidget()
        self.list.setAccessibleName("Markers")
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(self._on_click)
        self.list.itemActivated.connect(self._on_click)
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.edit_button = QPushButton("Edit note…")
        self.edit_button.setAccessibleName("Edit the selected marker's note")
        self.edit_button.clicked.connect(lambda _c=False: self.edit_selected())
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName("Delete the selected marker")
        self.delete_button.clicked.connect(lambda _c=False: self.delete_selected())
        buttons = QHBoxLayout()
        buttons.addWidget(self._undo_ui(), 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.list, 1)
        col.addLayout(buttons)
        self._update_buttons()

    def _undo_ui(self) -> QLabel:
        self._deleted: tuple[int, Marker] | None = None  # (row, marker) until undone or expired
        self.undo_label = QLabel()
        self.undo_label.setAccessibleName("Undo the marker delete")
        self.undo_label.linkActivated.connect(lambda _link: self.undo_delete())
        self.undo_label.setVisible(False)
        self.undo_timer = QTimer(self, singleShot=True, interval=UNDO_MS)
        self.undo_timer.timeout.connect(self._forget_deleted)
        self.undo_shortcut = QShortcut(QKeySequence.StandardKey.Undo, self)
        self.undo_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # while Review shows
        self.undo_shortcut.activated.connect(self.undo_delete)
        self.undo_shortcut.setEnabled(False)
        return self.undo_label

    # --- public API ------------------------------------------------------------------
    def set_timeline(self, timeline: SessionTimeline | None) -> None:
        self._forget_deleted()  # another recording: that delete is final
        self.timeline = timeline
        self._fill()

    def markers(self) -> list[Marker]:
        return list(self.timeline.markers) if self.timeline else []

    def selected(self) -> Marker | None:
        row = self.list.currentRow()
        markers = self.markers()
        return markers[row] if 0 <= row < len(markers) else None

    def set_note(self, marker: Marker, note: str) -> None:
        marker.note = note.strip()
        self._changed(self.markers().index(marker))

    def edit_selected(self) -> QInputDialog | None:
        marker = self.selected()
        if marker is None:
            return None
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Marker note")
        dialog.setLabelText(f"Note for the marker at {fmt_time(marker.t)}:")
        dialog.setTextValue(marker.note)
        dialog.resize(max(420, dialog.fontMetrics().horizontalAdvance(marker.note) + 120), 1)
        dialog.textValueSelected.connect(lambda text: self.set_note(marker, text))
        self.dialog = dialog
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        marker = self.selected()
        if marker is None or self.timeline is None:
            return
        row = self.list.currentRow()
        self.timeline.markers.remove(marker)
        self._deleted = (row, marker)
        self.undo_label.setText(f"Deleted the marker at {fmt_time(marker.t)}. "
                                "<a href='undo'>Undo</a> (Ctrl+Z)")
        self.undo_label.setVisible(True)
        self.undo_shortcut.setEnabled(True)
        self.undo_timer.start()
        self._changed(min(row, len(self.timeline.markers) - 1))

    def undo_delete(self) -> bool:
        """Put the marker deleted last back where it was (True when there was one)."""
        deleted, timeline = self._deleted, self.timeline
        self._forget_deleted()
        if deleted is None or timeline is None:
            return False
        row, marker = deleted
        timeline.markers.insert(min(row, len(timeline.markers)), marker)
        log.info("review: marker at %.1f s back (undo)", marker.t)
        self._changed(timeline.markers.index(marker))
        return True

    def _forget_deleted(self) -> None:
        self._deleted = None
        self.undo_timer.stop()
        self.undo_label.setVisible(False)
        self.undo_shortcut.setEnabled(False)

    # --- internals ----------------------------------------------------------------------
    def _changed(self, row: int) -> None:
        assert self.timeline is not None
        self.timeline.revision += 1  # the lanes redraw their marker lines
        self._fill()
        self.list.setCurrentRow(row)
        log.info("review: %d marker(s) after an edit", len(self.timeline.markers))
        self.markersChanged.emit()

    def _fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for marker in self.markers():
            item = QListWidgetItem(marker_text(marker))
            item.setData(Qt.ItemDataRole.UserRole, marker.t)
            self.list.addItem(item)
        if not self.markers():
            placeholder = QListWidgetItem("No markers. Press M during a live session to add one.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        self.list.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _on_click(self, item: QListWidgetItem) -> None:
        t = item.data(Qt.ItemDataRole.UserRole)
        if t is not None:
            self.seekRequested.emit(float(t))
            self._update_buttons()
