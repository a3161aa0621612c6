"""The Library's table of entries: its columns and look, and filling it with entries (each
row holds its entry's id), keeping the selection."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from interhuman_desktop.storage.library import Entry
from interhuman_desktop.ui.views.library_rows import COLUMNS, entry_row

log = logging.getLogger(__name__)
TABLE_STYLE = "QTreeWidget::item { padding: 3px 2px; }"
WIDTHS = ((1, 140), (2, 110), (3, 80), (4, 150), (5, 140), (6, 220))  # column → pixels


def entries_table() -> QTreeWidget:
    """The empty table: the name column stretches, the others have their widths."""
    table = QTreeWidget()
    table.setAccessibleName("Library entries")
    table.setHeaderLabels(COLUMNS)
    table.setRootIsDecorated(False)
    table.setAlternatingRowColors(True)
    header = table.header()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col, width in WIDTHS:
        table.setColumnWidth(col, width)
    header.setStretchLastSection(False)
    table.setStyleSheet(TABLE_STYLE)
    return table


def fill(table: QTreeWidget, entries: list[Entry], selected: Entry | None,
         also: set[int] | None = None) -> None:
    """One row per entry; the ``selected`` entry stays current and the rows of ``also`` stay
    selected too (no signal while it refills, so nobody hears "nothing selected" between)."""
    table.blockSignals(True)
    table.clear()
    for entry in entries:
        item = QTreeWidgetItem(entry_row(entry))
        item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
        item.setToolTip(0, entry.source)
        table.addTopLevelItem(item)
        if selected is not None and entry.id == selected.id:
            table.setCurrentItem(item)
    for i in range(table.topLevelItemCount()):
        row = table.topLevelItem(i)
        if row is not None and entry_id(row) in (also or set()):
            row.setSelected(True)
    table.blockSignals(False)


def selected_ids(table: QTreeWidget) -> set[int]:
    """The ids of the selected rows."""
    return {i for i in map(entry_id, table.selectedItems()) if i is not None}


def entry_id(item: QTreeWidgetItem | None) -> int | None:
    """The id of the entry a row shows (None for no row)."""
    value = None if item is None else item.data(0, Qt.ItemDataRole.UserRole)
    return value if isinstance(value, int) else None


def select(table: QTreeWidget, wanted: int) -> None:
    """Make the row of entry ``wanted`` current (when it is shown)."""
    for i in range(table.topLevelItemCount()):
        item = table.topLevelItem(i)
        if item is not None and entry_id(item) == wanted:
            table.setCurrentItem(item)
