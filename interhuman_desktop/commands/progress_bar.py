"""The upload progress of ``analyze FILE`` on stderr: a bar on a TTY, a line per quarter else."""

from __future__ import annotations

import time
from typing import TextIO

from interhuman_desktop.api.errors import AppError


class ProgressBar:
    """A bar redrawn in place on a TTY; otherwise a line at each quarter."""

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label, self.stream = label, stream
        self.tty = stream.isatty()
        self._last_draw = 0.0
        self._last_quarter = -1
        self._waiting = False

    def update(self, sent: int, total: int) -> None:
        fraction = sent / total if total else 1.0
        self._draw(sent, total, fraction)
        if sent >= total and not self._waiting:
            self._waiting = True
            end = "\n" if self.tty else ""
            self.stream.write(f"{end}{self.label}: uploaded; waiting for the analysis…\n")
            self.stream.flush()

    def _draw(self, sent: int, total: int, fraction: float) -> None:
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw < 0.1 and sent < total:
                return
            self._last_draw = now
            filled = int(fraction * 30)
            bar = "#" * filled + "-" * (30 - filled)
            mib = f"{sent / 1_048_576:.1f}/{total / 1_048_576:.1f} MiB"
            self.stream.write(f"\r{self.label}: [{bar}] {fraction:4.0%} {mib}")
        else:
            quarter = int(fraction * 4)
            if quarter == self._last_quarter:
                return
            self._last_quarter = quarter
            self.stream.write(f"{self.label}: uploaded {fraction:.0%}\n")
        self.stream.flush()

    def retrying(self, error: AppError, attempt: int, delay: float) -> None:
        """on_retry hook: say why, and start the bar again (the file is sent again)."""
        if self.tty:
            self.stream.write("\n")
        self.stream.write(f"{self.label}: {error}; retry {attempt} in {delay:.1f} s\n")
        self.stream.flush()
        self._last_quarter, self._waiting = -1, False

    def done(self) -> None:
        self.stream.write(f"{self.label}: analysed\n")
        self.stream.flush()
