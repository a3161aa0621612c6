"""SettingsView: backend, API key (+ Test connection), segment length and theme.

Every change is saved at once through the injected store (anything with ``load``/``save``).
"Test connection" awaits an injected ``async (AppSettings) -> report`` on the running asyncio
loop (qasync in the app): a ``ConnectionReport`` (``ok`` + ``text()``: key accepted or not,
scopes, latency, correlation id) or a plain message; it raises to report a failure. Where the
API key is kept shows under the key field when it is a plain file (``set_key_storage``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interhuman_desktop.config.settings import (
    BACKENDS,
    KEEP_RECORDING,
    UPLOAD_MODELS,
    AppSettings,
    SettingsStoreLike,
)
from interhuman_desktop.session.timeline import DIMENSIONS
from interhuman_desktop.ui.tasks import TaskKeeper, running_loop
from interhuman_desktop.ui.theme import THEMES
from interhuman_desktop.ui.views.settings_live import LiveStreamChoice

log = logging.getLogger(__name__)
ConnectionTester = Callable[[AppSettings], Awaitable[Any]]


class SettingsView(QWidget):
    """Edits :class:`AppSettings`; emits ``settingsChanged`` after each save."""

    settingsChanged = Signal(object)  # AppSettings
    testFinished = Signal(bool, str)

    def __init__(self, store: SettingsStoreLike, tester: ConnectionTester | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tester = tester
        self._tested: tuple[str, str] | None = None  # (backend, key) of the last test
        self.tasks = TaskKeeper("settings", on_error=lambda e: self._finish(False, f"Failed: {e}"))
        self.setAccessibleName("Settings")
        self._setup_ui()
        self.show_settings(store.load())

    # --- public API ------------------------------------------------------------------
    def settings(self) -> AppSettings:
        """The settings as currently shown in the form."""
        return self.live_stream.apply(replace(
            self.store.load(),  # keeps what other views remember (devices, consent)
            backend=self.backend.currentData(),
            api_key=self.api_key.text().strip(),
            segment_seconds=float(self.segment.value()),
            theme=self.theme.currentData(),
            goals=tuple(d for d, box in self.goals.items() if box.isChecked()),
            keep_recording=self.keep.currentData(),
            upload_model=self.upload_model.currentData(),
        ))

    def show_settings(self, s: AppSettings) -> None:
        widgets = (self.backend, self.api_key, self.segment, self.theme, self.keep,
                   self.upload_model, *self.goals.values())
        for w in widgets:
            w.blockSignals(True)
        for dim, box in self.goals.items():
            box.setChecked(dim in s.goals)
        self.backend.setCurrentIndex(max(0, self.backend.findData(s.backend)))
        self.api_key.setText(s.api_key)
        self.segment.setValue(s.segment_seconds)
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.theme)))
        self.keep.setCurrentIndex(max(0, self.keep.findData(s.keep_recording)))
        self.upload_model.setCurrentIndex(max(0, self.upload_model.findData(s.upload_model)))
        self.live_stream.show_settings(s)
        for w in widgets:
            w.blockSignals(False)
        self._update_enabled()

    def save(self) -> AppSettings:
        s = self.settings()
        self.store.save(s)
        self.status.setText("Saved.")
        self._update_enabled()
        self.settingsChanged.emit(s)
        return s

    def test_connection(self) -> None:
        """Run the injected tester; the result shows beside the button (and ``testFinished``)."""
        if self.tester is None:
            self._finish(False, "Connection test is not available in this build.")
            return
        self.test_button.setEnabled(False)
        self.test_result.setText("Testing…")
        self._form.setRowVisible(self.test_result, True)
        self._tested = self._target()
        coro = self._run_test(self.settings())
        if running_loop() is None:
            asyncio.run(coro)  # no qasync loop (scripts, some tests): run to completion
        else:
            self.tasks.spawn(coro, name="test-connection")

    # --- internals ----------------------------------------------------------------------
    async def _run_test(self, settings: AppSettings) -> None:
        assert self.tester is not None
        try:
            result = await self.tester(settings)
        except Exception as exc:  # noqa: BLE001 - the tester's failure is the answer we show
            log.info("connection test failed: %s", exc)
            self._finish(False, f"Failed: {exc}")
            return
        if hasattr(result, "ok") and hasattr(result, "text"):
            self._finish(bool(result.ok), str(result.text()))
        else:
            self._finish(True, str(result or "Connected."))

    def set_key_storage(self, note: str | None) -> None:
        """Say where the key is kept when it is not the OS keyring (None: the keyring)."""
        self.key_storage.setText(f"⚠ {note}" if note else "")
        self._form.setRowVisible(self.key_storage, bool(note))

    def _target(self) -> tuple[str, str]:
        return self.backend.currentData(), self.api_key.text().strip()

    def _forget_test(self) -> None:
        """The backend or key changed: the last result was about something else."""
        if self._tested != self._target():
            self._form.setRowVisible(self.test_result, False)

    def _finish(self, ok: bool, message: str) -> None:
        self.test_button.setEnabled(True)
        if self._tested not in (None, self._target()):
            return  # answered about a backend or key no longer chosen
        self.test_result.setText(("✔ " if ok else "✖ ") + message)
        self.test_result.setStyleSheet("" if ok else "color: #D55E00;")  # Okabe–Ito vermillion
        self.test_result.setWordWrap(True)
        self._form.setRowVisible(self.test_result, True)
        self.testFinished.emit(ok, message)

    def _setup_ui(self) -> None:
        form = QFormLayout()
        self.backend = QComboBox()
        for key, label in BACKENDS.items():
            self.backend.addItem(label, key)
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText("Needed for the Interhuman cloud only")
        self.test_button = QPushButton("Test connection")
        self.test_result = QLabel("")
        self.test_result.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.key_storage = QLabel("")
        self.key_storage.setWordWrap(True)
        self.key_storage.setAccessibleName("Where the API key is kept")
        for wrapped in (self.key_storage, self.test_result):  # wrapped labels in a form row
            wrapped.setMinimumWidth(440)  # get their height for this width, not a sliver's
        key_row = QHBoxLayout()
        key_row.addWidget(self.api_key, 1)
        key_row.addWidget(self.test_button)
        self.segment = QDoubleSpinBox()
        self.segment.setRange(3.0, 10.0)  # the live pipeline accepts 3–10 s
        self.segment.setSingleStep(0.5)
        self.segment.setDecimals(1)
        self.segment.setSuffix(" s")
        self.theme = QComboBox()
        for key in THEMES:
            self.theme.addItem("Follow system" if key == "system" else key.capitalize(), key)
        self.keep = QComboBox()
        for key, label in KEEP_RECORDING.items():
            self.keep.addItem(label, key)
        self.keep.setToolTip("Never: the video is deleted once it is analysed (and after a live "
                             "session); the results and the report's pictures stay")
        self.upload_model = QComboBox()  # goals or a context still send an upload to V1
        for key, label in UPLOAD_MODELS.items():
            self.upload_model.addItem(label, key)
        self.upload_model.setToolTip("Coaching goals or a conversation context send an upload "
                                     "through Inter-1 (V1), the only upload with feedback")
        self.live_stream = LiveStreamChoice()
        self.status = QLabel("")
        goal_row = QHBoxLayout()
        self.goals = {d: QCheckBox(d.capitalize()) for d in DIMENSIONS}
        for dim, box in self.goals.items():
            box.setAccessibleName(f"Coaching goal: {dim}")
            box.setToolTip(f"Ask for feedback aimed at {dim}")
            box.toggled.connect(self.save)
            goal_row.addWidget(box)
        goal_row.addStretch(1)
        rows = (("Analysis backend", self.backend), ("API key", key_row), ("", self.key_storage),
                ("", self.test_result),
                ("Live segment length", self.segment), ("Live stream", self.live_stream),
                ("Upload model", self.upload_model), ("Coaching goals", goal_row),
                ("Theme", self.theme), ("Keep the recording", self.keep))
        for label, field in rows:
            form.addRow(label, field)
        self._form = form
        form.setRowVisible(self.test_result, False)  # shown once there is a result
        form.setRowVisible(self.key_storage, False)
        names = {self.backend: "Analysis backend", self.api_key: "API key",
                 self.test_button: "Test connection", self.segment: "Live segment length",
                 self.theme: "Theme", self.keep: "Keep the recording",
                 self.upload_model: "Upload model"}
        for widget, name in names.items():
            widget.setAccessibleName(name)
        self._wrap(form)
        self.backend.currentIndexChanged.connect(self.save)
        self.backend.currentIndexChanged.connect(lambda _i: self._forget_test())
        self.api_key.textEdited.connect(lambda _t: self._forget_test())
        self.api_key.editingFinished.connect(self.save)
        self.segment.valueChanged.connect(self.save)
        self.theme.currentIndexChanged.connect(self.save)
        self.keep.currentIndexChanged.connect(self.save)
        self.upload_model.currentIndexChanged.connect(self.save)
        self.live_stream.changed.connect(self.save)
        self.test_button.clicked.connect(self.test_connection)

    def _wrap(self, form: QFormLayout) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        title = QLabel("<h2>Settings</h2>")
        note = QLabel("The local engine analyses on this computer; nothing leaves it. The "
                      "Interhuman cloud needs an API key and sends the media to the service.")
        note.setWordWrap(True)
        box = QWidget()
        box.setLayout(form)
        box.setMaximumWidth(640)
        for w in (title, note, box, self.status):
            outer.addWidget(w)
        outer.addStretch(1)

    def _update_enabled(self) -> None:
        cloud = self.backend.currentData() == "cloud"
        self.api_key.setEnabled(cloud)
        self.test_button.setEnabled(True)
