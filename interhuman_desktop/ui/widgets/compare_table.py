"""CompareTable: the comparison's rows (what, take A, take B, B − A), deltas in colour."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from interhuman_desktop.ui.theme import OKABE_ITO

UP, DOWN = QColor(OKABE_ITO["blue"]), QColor(OKABE_ITO["vermillion"])


class CompareTable(QTableWidget):
    """``show_rows(rows, signals_from)``: rows from ``session.compare.table_rows``; a heading
    row "Signals · count · per minute" goes before row ``signals_from``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setAccessibleName("Comparison")
        self.setHorizontalHeaderLabels(["", "A", "B", "B − A"])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)

    def set_titles(self, a: str, b: str) -> None:
        for col, title in ((1, a), (2, b)):
            item = self.horizontalHeaderItem(col)
            if item is not None:
                item.setToolTip(title)

    def show_rows(self, rows: list[tuple[str, str, str, str]], signals_from: int) -> None:
        shown: list[tuple[str, str, str, str] | None] = list(rows)
        if signals_from < len(rows):
            shown.insert(signals_from, None)
        self.setRowCount(len(shown))
        bold = QFont(self.font())
        bold.setBold(True)
        for r, row in enumerate(shown):
            cells = row or ("Signals · count · per minute", "", "", "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row is None or (r == 0 and c == 0):
                    item.setFont(bold)
                if c == 3 and row is not None:
                    item.setForeground(UP if text.startswith("▲") else
                                       DOWN if text.startswith("▼") else item.foreground())
                self.setItem(r, c, item)
        self.resizeRowsToContents()
        rows_height = sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setMinimumHeight(min(rows_height + self.horizontalHeader().height() + 6, 480))

    def cell_text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text() if item is not None else ""
