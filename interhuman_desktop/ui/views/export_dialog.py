"""The Export dialog: a format, a destination, and whether to include media paths."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from interhuman_desktop.export.common import slug
from interhuman_desktop.storage.library import Entry

# (key, label, export format, suffix of the destination for one entry)
CHOICES = (
    ("pdf", "PDF report", "pdf", ".pdf"),
    ("json", "Lossless JSON (re-importable)", "json", ".json"),
    ("csv-zip", "CSV tables, zipped", "csv", ".zip"),
    ("csv", "CSV tables in a folder", "csv", ""),
    ("eaf", "ELAN annotations (.eaf)", "eaf", ".eaf"),
)


class ExportDialog(QDialog):
    """``choice()`` after ``accepted``: (format, destination, include media paths)."""

    def __init__(self, entries: list[Entry], parent: QWidget | None = None,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.entries = entries
        self.folder = folder or Path.home()
        several = len(entries) > 1
        self.setWindowTitle(f"Export {len(entries)} entries" if several else "Export")
        self.format = QComboBox()
        self.format.setAccessibleName("Export format")
        for key, label, _, _ in CHOICES:
            self.format.addItem(label, key)
        self.path = QLineEdit()
        self.path.setAccessibleName("Export destination")
        self.media_paths = QCheckBox("Include the video's location on this computer")
        browse = QPushButton("Browse…")
        browse.clicked.connect(lambda _c=False: self._browse())
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        what = (f"{len(entries)} entries, one file each, into a folder" if several
                else f"“{entries[0].title}”")
        form.addRow(QLabel(f"Export {what}."))
        form.addRow("Format:", self.format)
        form.addRow("Save to:", row)
        form.addRow("", self.media_paths)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(lambda _i: self._suggest())
        self._suggest()

    def choice(self) -> tuple[str, Path, bool]:
        fmt = CHOICES[self.format.currentIndex()][2]
        return fmt, Path(self.path.text().strip()).expanduser(), self.media_paths.isChecked()

    def _suffix(self) -> str:
        return "" if len(self.entries) > 1 else CHOICES[self.format.currentIndex()][3]

    def _suggest(self) -> None:
        current = self.path.text().strip()
        base = Path(current).with_suffix("") if current else (
            self.folder / ("Interhuman exports" if len(self.entries) > 1
                           else slug(self.entries[0].title)))
        self.path.setText(str(base.with_name(base.name + self._suffix())))

    def _browse(self) -> None:
        start = self.path.text()
        if len(self.entries) > 1 or not self._suffix():
            chosen = QFileDialog.getExistingDirectory(self, "Export into", start)
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export as", start,
                                                    f"*{self._suffix()}")
        if chosen:
            self.path.setText(chosen)
