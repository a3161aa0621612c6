"""MarkerList: the session's markers (time, note), newest last; a selected one is being noted."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from interhuman_desktop.session.timeline import Marker
from interhuman_desktop.ui.timefmt import fmt_time


def marker_text(marker: Marker) -> str:
    return f"{fmt_time(marker.t)}  {marker.note or '(no note)'}"


class MarkerList(QListWidget):
    """Rows ``mm:ss.s  note``; ``markerSelected(Marker | None)`` when the selection changes."""

    markerSelected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Markers")
        self.setToolTip("Markers of this session: press M to add one, select one to note it")
        self._shown: tuple[tuple[float, str], ...] = ()
        self._markers: list[Marker] = []
        self.currentRowChanged.connect(self._on_row)

    def set_markers(self, markers: Sequence[Marker]) -> bool:
        """Show ``markers`` (rebuilt only when they changed); True when it rebuilt."""
        key = tuple((m.t, m.note) for m in markers)
        if key == self._shown:
            return False
        selected = self.selected_marker()
        self._shown, self._markers = key, list(markers)
        self.blockSignals(True)
        self.clear()
        for marker in self._markers:
            item = QListWidgetItem(marker_text(marker))
            item.setData(Qt.ItemDataRole.UserRole, marker.t)
            self.addItem(item)
        if selected is not None:  # the same marker stays selected, without a new signal
            self.select_at(selected.t)
        self.blockSignals(False)
        self.setAccessibleDescription(f"{len(self._markers)} markers")
        return True

    def select_at(self, t: float | None) -> None:
        """Select the marker at ``t`` (None clears the selection)."""
        row = next((i for i, m in enumerate(self._markers) if m.t == t), -1)
        self.setCurrentRow(row)
        if row >= 0:
            self.scrollToItem(self.item(row))

    def selected_marker(self) -> Marker | None:
        row = self.currentRow()
        return self._markers[row] if 0 <= row < len(self._markers) else None

    def texts(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def _on_row(self, _row: int) -> None:
        self.markerSelected.emit(self.selected_marker())
