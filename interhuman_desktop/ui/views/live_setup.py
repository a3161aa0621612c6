"""LiveSetup: camera and microphone pickers, coaching goals and the pre-flight results.

Shown on the Live page before a session starts. Video sources are specs the composition root
understands: ``camera:ID``, ``synthetic`` (a test pattern with a face and speech-like sound) or
``file:PATH`` (a recording played as if it were the camera). Microphones are ``""`` (the
system default), ``none`` or a device id.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.session.timeline import DIMENSIONS
from interhuman_desktop.ui.theme import OKABE_ITO
from interhuman_desktop.ui.widgets.video_preview import VideoPreview, bgr_to_qimage

log = logging.getLogger(__name__)
SYNTHETIC = "synthetic"
PICK_FILE = "pick-file"
DEFAULT_MIC, NO_MIC = "", "none"


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


class LiveSetup(QWidget):
    """Device pickers + goals + "Check camera and sound"; emits what the user changed."""

    devicesChanged = Signal()
    goalsChanged = Signal(tuple)
    checkRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Live session setup")
        self._last_video = SYNTHETIC
        self._setup_ui()
        self.set_devices([], [])

    # --- public API ------------------------------------------------------------------
    def set_devices(self, cameras: Sequence[Any], microphones: Sequence[Any],
                    video: str = "", microphone: str = DEFAULT_MIC) -> None:
        """Fill the pickers (``DeviceInfo``-like items) and select the remembered choice."""
        for box in (self.camera, self.microphone):
            box.blockSignals(True)
            box.clear()
        for cam in cameras:
            self.camera.addItem(f"Camera: {cam.name}", f"camera:{cam.id}")
        self.camera.addItem("Test pattern (synthetic picture and sound)", SYNTHETIC)
        if video.startswith("file:"):
            self.camera.addItem(f"File: {Path(video[5:]).name}", video)
        self.camera.addItem("Play a file as camera…", PICK_FILE)
        self.microphone.addItem("Default microphone", DEFAULT_MIC)
        for mic in microphones:
            self.microphone.addItem(mic.name, str(mic.id))
        self.microphone.addItem("No microphone (video only)", NO_MIC)
        wanted = video or (f"camera:{cameras[0].id}" if cameras else SYNTHETIC)
        self.camera.setCurrentIndex(max(0, self.camera.findData(wanted)))
        self.microphone.setCurrentIndex(max(0, self.microphone.findData(microphone)))
        for box in (self.camera, self.microphone):
            box.blockSignals(False)
        self._last_video = self.video_spec()
        self._update_mic()

    def video_spec(self) -> str:
        return str(self.camera.currentData())

    def microphone_spec(self) -> str:
        return str(self.microphone.currentData())

    def use_file(self, path: Path) -> None:
        """Play ``path`` as the camera (and its sound as the microphone)."""
        spec = f"file:{path}"
        index = self.camera.findData(spec)
        if index < 0:
            index = self.camera.count() - 1  # before "Play a file as camera…"
            self.camera.insertItem(index, f"File: {path.name}", spec)
        self.camera.setCurrentIndex(index)

    def goals(self) -> tuple[str, ...]:
        return tuple(d for d, box in self.goal_boxes.items() if box.isChecked())

    def set_goals(self, goals: Sequence[str]) -> None:
        for dim, box in self.goal_boxes.items():
            box.blockSignals(True)
            box.setChecked(dim in goals)
            box.blockSignals(False)

    def show_checks(self, checks: Sequence[Any] | None, message: str = "") -> None:
        """The pre-flight result (None + message: running, or why it could not run)."""
        text = checks_html(checks) if checks else html.escape(message)
        self.results.setText(text)
        self.results.setVisible(bool(text))
        self.check_button.setEnabled(checks is not None or not message.endswith("…"))

    # --- internals ----------------------------------------------------------------------
    def _setup_ui(self) -> None:
        self.camera = QComboBox()
        self.camera.setAccessibleName("Camera")
        self.camera.setMinimumWidth(320)
        self.camera.currentIndexChanged.connect(self._on_camera)
        self.microphone = QComboBox()
        self.microphone.setAccessibleName("Microphone")
        self.microphone.currentIndexChanged.connect(self._on_microphone)
        goals = QHBoxLayout()
        self.goal_boxes = {d: QCheckBox(d.capitalize()) for d in DIMENSIONS}
        for dim, box in self.goal_boxes.items():
            box.setAccessibleName(f"Coaching goal: {dim}")
            box.setToolTip(f"Ask for feedback aimed at {dim}")
            box.toggled.connect(lambda _on: self.goalsChanged.emit(self.goals()))
            goals.addWidget(box)
        goals.addStretch(1)
        form = QFormLayout()
        form.addRow("Camera", self.camera)
        self.own_sound = QLabel("The video's own sound (a file or the test pattern is its "
                                "own microphone)")
        self.own_sound.setAccessibleName("Sound source")
        mic = QHBoxLayout()
        mic.addWidget(self.microphone, 1)
        mic.addWidget(self.own_sound, 1)
        form.addRow("Microphone", mic)
        form.addRow("Coaching goals", goals)
        self.check_button = QPushButton("Check camera and sound")
        self.check_button.setAccessibleName("Run the pre-flight check")
        self.check_button.setToolTip("Looks at the light, your face and the sound level "
                                     "for a moment, and says what to fix")
        self.check_button.clicked.connect(self.checkRequested)
        self.results = QLabel()
        self.results.setAccessibleName("Pre-flight results")
        self.results.setWordWrap(True)
        self.results.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addLayout(self._probe_row())
        layout.addStretch(1)

    def _probe_row(self) -> QHBoxLayout:
        """What the check sees and hears while it runs (the last frame stays after)."""
        self.preview = VideoPreview()
        self.preview.placeholder = "The camera's picture appears here during the check"
        self.preview.setFixedSize(288, 162)
        self.level = QProgressBar()
        self.level.setRange(0, 60)  # -60 … 0 dBFS
        self.level.setTextVisible(False)
        self.level.setAccessibleName("Sound level")
        self.level.setOrientation(Qt.Orientation.Vertical)
        self.level.setFixedSize(22, 162)
        row = QHBoxLayout()
        row.addWidget(self.results, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.level, 0, Qt.AlignmentFlag.AlignTop)
        self.set_probe_visible(False)
        return row

    def set_probe_visible(self, on: bool) -> None:
        self.preview.setVisible(on)
        self.level.setVisible(on)

    def show_probe(self, frame: Any, level_db: float | None) -> None:
        """One preview frame (BGR array or None) and the sound level (dBFS or None)."""
        if frame is not None:
            self.preview.set_image(bgr_to_qimage(frame))
            self.preview.frames_shown += 1
        db = -60.0 if level_db is None else max(-60.0, min(0.0, level_db))
        self.level.setValue(round(db + 60))
        self.level.setToolTip("no sound yet" if level_db is None else f"{db:.0f} dBFS")

    def _on_camera(self, _index: int) -> None:
        if self.video_spec() == PICK_FILE:
            self.camera.setCurrentIndex(max(0, self.camera.findData(self._last_video)))
            self._pick_file()
            return
        self._last_video = self.video_spec()
        self._update_mic()
        self._forget_check()
        self.devicesChanged.emit()

    def _on_microphone(self, _index: int) -> None:
        self._forget_check()
        self.devicesChanged.emit()

    def _forget_check(self) -> None:
        """Another device: the previous check's results and picture no longer apply."""
        self.show_checks(None)
        self.preview.set_image(None)
        self.set_probe_visible(False)

    def _pick_file(self) -> None:
        dialog = QFileDialog(self, "Play a recording as the camera")
        dialog.setNameFilter("Video files (*.mp4 *.mov *.mkv *.avi *.webm *.ts)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda p: self.use_file(Path(p)) if p else None)
        dialog.open()

    def _update_mic(self) -> None:
        own_sound = not self.video_spec().startswith("camera:")
        self.microphone.setVisible(not own_sound)
        self.own_sound.setVisible(own_sound)
