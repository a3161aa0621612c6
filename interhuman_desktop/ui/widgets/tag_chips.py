"""TagChips: an entry's tags as removable chips, and a field (with completion) to add one."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

CHIP_STYLE = ("QToolButton { border: 1px solid palette(mid); border-radius: 9px;"
              " padding: 1px 8px; }")


class TagChips(QWidget):
    """``added(str)`` when a tag is typed (Return), ``removed(str)`` when a chip's × is hit."""

    added = Signal(str)
    removed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Tags of the selected entry")
        self.chips: dict[str, QToolButton] = {}
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addWidget(QLabel("<b>Tags</b>"))
        self.scope = QLabel()
        self.scope.setVisible(False)
        self._row.addWidget(self.scope)
        self._chip_row = QHBoxLayout()
        self._row.addLayout(self._chip_row)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Add a tag (Return)")
        self.field.setAccessibleName("Add a tag")
        self.field.setMaximumWidth(220)
        self._known = QStringListModel(self)
        completer = QCompleter(self._known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.field.setCompleter(completer)
        self.field.returnPressed.connect(self._add)
        self._row.addWidget(self.field)
        self._row.addStretch(1)

    def set_tags(self, tags: tuple[str, ...] | list[str], partial: dict[str, str] | None = None,
                 entries: int = 1) -> None:
        """The chips of ``tags`` for ``entries`` entries; ``partial``: tag → "1 of 3" for a
        tag only some of them have (a tag typed or removed then applies to all of them)."""
        for chip in self.chips.values():
            self._chip_row.removeWidget(chip)
            chip.deleteLater()
        self.chips = {}
        self.scope.setText(f"({entries} entries: added to or removed from each)"
                           if entries > 1 else "")
        self.scope.setVisible(entries > 1)
        where = f" from the {entries} selected entries" if entries > 1 else ""
        for tag in tags:
            chip = QToolButton()
            share = (partial or {}).get(tag)
            chip.setText(f"{tag} ({share})  ×" if share else f"{tag}  ×")
            chip.setAccessibleName(f"Remove the tag {tag}{where}")
            chip.setToolTip(f"Remove the tag “{tag}”{where}")
            chip.setStyleSheet(CHIP_STYLE)
            chip.clicked.connect(lambda _c=False, t=tag: self.removed.emit(t))
            self._chip_row.addWidget(chip)
            self.chips[tag] = chip

    def set_known(self, tags: list[str]) -> None:
        """The tags in use anywhere (completion)."""
        self._known.setStringList(tags)

    def _add(self) -> None:
        text = self.field.text().strip()
        if text:
            self.field.clear()
            self.added.emit(text)
