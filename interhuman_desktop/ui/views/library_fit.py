"""Widths that fit their texts in the Library's header: the search box is wide enough for its
whole placeholder (beside its clear button), the tag filter for its longest tag."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyle, QStyleOptionFrame

CLEAR_BUTTON_ROOM = 26  # the clear button: a 16 px icon and its margins
SLACK = 8  # a little air after the text


def fit_placeholder(edit: QLineEdit) -> int:
    """Give ``edit`` a minimum width that shows its whole placeholder; returns it."""
    fm = edit.fontMetrics()
    margins = edit.textMargins()
    text = (fm.horizontalAdvance(edit.placeholderText()) + margins.left() + margins.right()
            + CLEAR_BUTTON_ROOM + SLACK)
    opt = QStyleOptionFrame()
    edit.initStyleOption(opt)
    size = edit.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, opt,
                                         QSize(text, fm.height()), edit)
    width = max(size.width(), text + 2 * opt.lineWidth + 4)  # 2 px text margins each side
    edit.setMinimumWidth(width)
    return width


def fit_items(combo: QComboBox) -> None:
    """The combo box grows with its longest item (a tag added later is not clipped)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
