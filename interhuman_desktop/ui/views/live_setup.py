"""LiveSetup: camera and microphone pickers, coaching goals and the pre-flight results.

Shown on the Live page before a session starts. Video sources are specs the composition root
understands: ``camera:ID``, ``synthetic`` (a test pattern with a face and speech-like sound) or
``file:PATH`` (a recording played as if it were the camera). Microphones are ``""`` (the
system default), ``none`` or a device id. "Microphone only" (an audio-only session, no camera
asked for, see ``session.audio_live``) makes the video spec ``none``; its microphone may then
also be ``file:PATH`` (a recording's sound played as the microphone).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.ui.views.live_setup_parts import (
    NO_CAMERA,
    SOUND_FILES,
    VIDEO_FILES,
    checks_html,
    fill_microphones,
    goal_row,
    level_bar,
    mode_box,
    pick_file,
    select_file,
    show_level,
    show_mic_items,
    usable_mic,
)
from interhuman_desktop.ui.widgets.video_preview import VideoPreview, bgr_to_qimage

log = logging.getLogger(__name__)
SYNTHETIC = "synthetic"
PICK_FILE = "pick-file"
DEFAULT_MIC, NO_MIC = "", "none"
__all__ = ["NO_CAMERA", "LiveSetup", "checks_html"]


class LiveSetup(QWidget):
    """Device pickers + goals + "Check camera and sound"; emits what the user changed."""

    devicesChanged = Signal()
    goalsChanged = Signal(tuple)
    checkRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Live session setup")
        self._last_video = SYNTHETIC
        self.audio_mic = ""  # the microphone of microphone-only sessions (may be a file)
        self._setup_ui()
        self.set_devices([], [])

    # --- public API ------------------------------------------------------------------
    def set_devices(self, cameras: Sequence[Any], microphones: Sequence[Any],
                    video: str = "", microphone: str = DEFAULT_MIC, *, listed: bool = False,
                    audio_microphone: str = "") -> None:
        """Fill the pickers (``DeviceInfo``-like items) and select the remembered choice
        (``audio_microphone``: the one of microphone-only sessions; ``listed``: the devices
        were listed, so no microphone means there is none)."""
        for box in (self.camera, self.microphone, self.mode):
            box.blockSignals(True)
        for box in (self.camera, self.microphone):
            box.clear()
        for cam in cameras:
            self.camera.addItem(f"Camera: {cam.name}", f"camera:{cam.id}")
        self.camera.addItem("Test pattern (synthetic picture and sound)", SYNTHETIC)
        if video.startswith("file:"):
            self.camera.addItem(f"File: {Path(video[5:]).name}", video)
        self.camera.addItem("Play a file as camera…", PICK_FILE)
        fill_microphones(self.microphone, microphones, (microphone, audio_microphone), listed)
        self.mode.setCurrentIndex(1 if video == NO_CAMERA else 0)
        wanted = video if video and video != NO_CAMERA else (
            f"camera:{cameras[0].id}" if cameras else SYNTHETIC)
        self.camera.setCurrentIndex(max(0, self.camera.findData(wanted)))
        self.audio_mic = audio_microphone or (microphone if video == NO_CAMERA else "")
        self.microphone.setCurrentIndex(usable_mic(
            self.microphone, self.audio_mic if video == NO_CAMERA else microphone,
            self.audio_only()))
        for box in (self.camera, self.microphone, self.mode):
            box.blockSignals(False)
        self._last_video = str(self.camera.currentData())
        self._update_mic()

    def audio_only(self) -> bool:
        """"Microphone only": no camera is opened, asked for or recorded."""
        return bool(self.mode.currentData() == NO_CAMERA)

    def video_spec(self) -> str:
        return NO_CAMERA if self.audio_only() else str(self.camera.currentData())

    def microphone_spec(self) -> str:
        return str(self.microphone.currentData())

    def set_audio_only(self, on: bool) -> None:
        self.mode.setCurrentIndex(1 if on else 0)

    def use_sound_file(self, path: Path) -> None:
        """Play ``path``'s sound as the microphone (a microphone-only session)."""
        select_file(self.microphone, path)

    def use_file(self, path: Path) -> None:
        """Play ``path`` as the camera (and its sound as the microphone)."""
        select_file(self.camera, path)

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
        self.mode = mode_box()
        self.mode.currentIndexChanged.connect(self._on_mode)
        goals, self.goal_boxes = goal_row(lambda: self.goalsChanged.emit(self.goals()))
        self.form = form = QFormLayout()
        form.addRow("Record", self.mode)
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
        self.level = level_bar(Qt.Orientation.Vertical)
        self.level.setFixedSize(22, 162)
        row = QHBoxLayout()
        row.addWidget(self.results, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.level, 0, Qt.AlignmentFlag.AlignTop)
        self.set_probe_visible(False)
        return row

    def set_probe_visible(self, on: bool) -> None:
        self.preview.setVisible(on and not self.audio_only())  # no camera, no picture
        self.level.setVisible(on)

    def show_probe(self, frame: Any, level_db: float | None) -> None:
        """One preview frame (BGR array or None) and the sound level (dBFS or None)."""
        if frame is not None:
            self.preview.set_image(bgr_to_qimage(frame))
            self.preview.frames_shown += 1
        show_level(self.level, level_db)

    def _on_camera(self, _index: int) -> None:
        if self.camera.currentData() == PICK_FILE:
            self.camera.setCurrentIndex(max(0, self.camera.findData(self._last_video)))
            pick_file(self, "Play a recording as the camera", VIDEO_FILES, self.use_file)
            return
        self._last_video = str(self.camera.currentData())
        self._update_mic()
        self._forget_check()
        self.devicesChanged.emit()

    def _on_microphone(self, _index: int) -> None:
        if self.microphone_spec() == PICK_FILE:
            self.microphone.setCurrentIndex(usable_mic(self.microphone, "", self.audio_only()))
            pick_file(self, "Play a recording as the microphone", SOUND_FILES,
                      self.use_sound_file)
            return
        if self.audio_only():  # what a microphone-only session uses (kept across modes)
            self.audio_mic = self.microphone_spec()
        self._forget_check()
        self.devicesChanged.emit()

    def _forget_check(self) -> None:
        """Another device: the previous check's results and picture no longer apply."""
        self.show_checks(None)
        self.preview.set_image(None)
        self.set_probe_visible(False)

    def _on_mode(self, _index: int) -> None:
        self._update_mic()
        self._forget_check()
        self.devicesChanged.emit()

    def _update_mic(self) -> None:
        audio = self.audio_only()
        own_sound = not audio and not self.video_spec().startswith("camera:")
        self.form.setRowVisible(self.camera, not audio)
        self.microphone.setVisible(not own_sound)
        self.own_sound.setVisible(own_sound)
        show_mic_items(self.microphone, audio)
        wanted = self.audio_mic if audio and self.microphone_spec() in ("", NO_MIC) else (
            self.microphone_spec())  # back to microphone only: its own microphone again
        self.microphone.setCurrentIndex(usable_mic(self.microphone, wanted, audio))
        self.check_button.setText("Check the sound" if audio else "Check camera and sound")
