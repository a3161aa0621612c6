"""Counts and an ETA for a folder batch (pure: the clock is passed in).

The ETA is bytes still to analyse over the bytes per second analysed so far in this run: it
needs no guess per file, follows the concurrency the service really gives, and weighs a long
interview more than a short clip. No ETA before the first file of this run is analysed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# Outcome → how the summary names it.
LABELS = {"done": "analysed", "skipped": "already analysed", "duplicate": "duplicate",
          "refused": "refused", "needs_fit": "need --fit", "failed": "failed",
          "cancelled": "cancelled", "missing": "missing"}
OPEN = ("pending", "queued", "running")  # states of a file still to be analysed


@dataclass
class BatchProgress:
    """``counts`` per state over all files of the batch; bytes of this run's work."""

    started: float
    counts: Counter[str] = field(default_factory=Counter)
    bytes_left: int = 0
    bytes_analysed: int = 0
    analysed_now: int = 0  # files analysed (done or failed) in this run

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def finished(self) -> int:
        return self.total - self.counts["pending"]

    def add(self, state: str, size: int) -> None:
        """A file enters the batch in ``state`` (an open one counts as ``pending``)."""
        if state in OPEN:
            state = "pending"
            self.bytes_left += size
        self.counts[state] += 1

    def ended(self, state: str, size: int, *, analysed: bool) -> None:
        """A pending file of this run ended in ``state``."""
        self.counts["pending"] -= 1
        self.counts[state] += 1
        self.bytes_left = max(0, self.bytes_left - size)
        if analysed:
            self.bytes_analysed += size
            self.analysed_now += 1

    def eta(self, now: float) -> float | None:
        """Seconds until the batch is done; None until a file was analysed in this run."""
        elapsed = now - self.started
        if not self.bytes_analysed or elapsed <= 0:
            return None
        return self.bytes_left / (self.bytes_analysed / elapsed)

    def files_per_minute(self, now: float) -> float | None:
        elapsed = now - self.started
        return self.analysed_now * 60.0 / elapsed if self.analysed_now and elapsed > 0 else None

    def text(self, now: float) -> str:
        """``3/20 files · 2 analysed, 1 already analysed · ETA 1:05``."""
        parts = [f"{self.counts[s]} {label}" for s, label in LABELS.items() if self.counts[s]]
        line = f"{self.finished}/{self.total} files"
        if parts:
            line += " · " + ", ".join(parts)
        eta = self.eta(now)
        if eta is not None and self.finished < self.total:
            line += f" · ETA {clock_text(eta)}"
        return line


def clock_text(seconds: float) -> str:
    """``75`` → ``1:15``; ``3725`` → ``1:02:05``."""
    total = round(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
