"""The status bar's backend labels: which backend analyses (from the settings) and its state
("idle", "ready", "error: …", and "analysing N files" while analyses run on it).

Each backend kind keeps its own last state, so a switch Local → Cloud → Local shows what the
local engine really does (still running: "ready"), not a reset "idle"."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QLabel, QStatusBar

from interhuman_desktop.config.settings import AppSettings
from interhuman_desktop.session.file_analysis import FileJob, JobState

log = logging.getLogger(__name__)

FIRST_STATE = {"local": "idle (starts when needed)",
               "cloud": "key not checked yet (Test connection in Settings)"}
RUNNING = (JobState.CHECKING, JobState.READY, JobState.FITTING, JobState.UPLOADING,
           JobState.ANALYSING)


class Analyses(Protocol):
    """What the status bar reads of the Analyze controller."""

    @property
    def jobs(self) -> Mapping[Path, FileJob]: ...

    def kind_of(self, path: Path) -> str: ...


def running_by_kind(analyses: Analyses) -> dict[str, int]:
    """How many file analyses are under way on each backend kind."""
    counts = {"local": 0, "cloud": 0}
    for path, job in analyses.jobs.items():
        if job.state in RUNNING:
            kind = analyses.kind_of(path)
            counts[kind] = counts.get(kind, 0) + 1
    return counts


class BackendStatus:
    """Two permanent labels on ``bar``: ``label`` (the backend) and ``state``."""

    def __init__(self, bar: QStatusBar) -> None:
        self.label = QLabel()
        self.label.setAccessibleName("Analysis backend")
        self.state = QLabel()
        self.state.setAccessibleName("Backend state")
        bar.addPermanentWidget(self.label)
        bar.addPermanentWidget(self.state)
        self._shown_kind: str | None = None
        self._states: dict[str, str] = {}  # kind → its last state
        self._busy: dict[str, int] = {}  # kind → analyses running on it

    def set_state(self, state: str, kind: str | None = None) -> None:
        """``state`` of backend ``kind`` (None: the one shown); shown if it is in use."""
        kind = kind or self._shown_kind or "local"
        self._states[kind] = state
        if kind == self._shown_kind:
            self._refresh()

    def set_busy(self, kind: str, running: int) -> None:
        """``running`` analyses are under way on backend ``kind``."""
        if self._busy.get(kind, 0) != running:
            self._busy[kind] = running
            if kind == self._shown_kind:
                self._refresh()

    def follow(self, analyses: Analyses) -> None:
        """Count ``analyses``' running jobs again (on each job change)."""
        for kind, running in running_by_kind(analyses).items():
            self.set_busy(kind, running)

    def show(self, settings: AppSettings) -> None:
        text = f"Backend: {settings.backend_label}"
        if settings.backend == "cloud" and not settings.api_key:
            text += " (add a cloud API key in Settings to use the cloud)"
        self.label.setText(text)
        kind = settings.effective_backend
        if kind != self._shown_kind:  # the state shown belongs to the backend in use only
            self._shown_kind = kind
            self._refresh()

    def _refresh(self) -> None:
        kind = self._shown_kind or "local"
        text = self._states.get(kind, FIRST_STATE.get(kind, ""))
        running = self._busy.get(kind, 0)
        if running:
            text += f" · analysing {running} file{'s' if running > 1 else ''}"
        self.state.setText(f"· {text}")
