"""What ``analyze DIR`` prints: one line per finished file, then the batch's summary."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TextIO

from interhuman_desktop.session.batch import BatchOutcome
from interhuman_desktop.session.batch_progress import LABELS, BatchProgress, clock_text
from interhuman_desktop.storage.batch_store import BatchFile


class BatchPrinter:
    """``on_file`` / ``on_progress`` of a :class:`~interhuman_desktop.session.batch.BatchRun`."""

    def __init__(self, stream: TextIO, folder: Path) -> None:
        self.stream, self.folder = stream, folder
        self._progress: BatchProgress | None = None
        self._announced = False

    def progress(self, progress: BatchProgress) -> None:
        self._progress = progress
        if not self._announced:
            self._announced = True
            self._write(f"batch: {progress.text(time.monotonic())}")

    def file(self, f: BatchFile) -> None:
        p = self._progress
        count = f"[{p.finished}/{p.total}] " if p is not None else ""
        seconds = f" · {f.seconds:.1f} s" if f.seconds is not None else ""
        entry = f" · entry {f.entry_id}" if f.entry_id is not None else ""
        detail = f" · {f.detail}" if f.detail else ""
        eta = p.eta(time.monotonic()) if p is not None else None
        tail = f" · ETA {clock_text(eta)}" if eta is not None and p and p.counts["pending"] else ""
        self._write(f"{count}{LABELS.get(f.state, f.state)}: {self._name(f.path)}"
                    f"{entry}{seconds}{detail}{tail}")

    def summary(self, outcome: BatchOutcome, csv_path: Path, now: float) -> None:
        p = outcome.progress
        rate = p.files_per_minute(now)
        speed = f" in {clock_text(now - p.started)} ({rate:.1f} files/min)" if rate else ""
        resumed = " (resumed)" if outcome.resumed else ""
        self._write(f"batch {outcome.batch_id}{resumed}: {p.text(now)}{speed}")
        self._write(f"summary: {csv_path}")

    def _name(self, path: Path) -> str:
        try:
            return path.relative_to(self.folder).as_posix()
        except ValueError:
            return str(path)

    def _write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()
