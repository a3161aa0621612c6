"""The summary CSV of a folder batch: one row per file, what came of it and where it is kept."""

from __future__ import annotations

import csv
from pathlib import Path

from interhuman_desktop.session.batch_progress import LABELS
from interhuman_desktop.storage.batch_store import BatchFile
from interhuman_desktop.storage.library import Entry

COLUMNS = ("file", "outcome", "entry_id", "title", "duration_s", "quality_index",
           "analysis_s", "attempts", "size_bytes", "sha256", "detail")


def summary_rows(files: list[BatchFile], entries: dict[int, Entry],
                 folder: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for f in files:
        entry = entries.get(f.entry_id) if f.entry_id is not None else None
        try:
            name = f.path.relative_to(folder).as_posix()
        except ValueError:
            name = str(f.path)
        rows.append({
            "file": name, "outcome": LABELS.get(f.state, f.state),
            "entry_id": f.entry_id if f.entry_id is not None else "",
            "title": entry.title if entry else "",
            "duration_s": f"{entry.duration:.1f}" if entry else "",
            "quality_index": "" if entry is None or entry.cqi is None else f"{entry.cqi:.1f}",
            "analysis_s": "" if f.seconds is None else f"{f.seconds:.1f}",
            "attempts": f.attempts, "size_bytes": f.size, "sha256": f.content_hash or "",
            "detail": f.detail,
        })
    return rows


def write_summary(path: Path, files: list[BatchFile], entries: dict[int, Entry],
                  folder: Path) -> Path:
    """Write the summary CSV at ``path`` (its folder is created); returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(summary_rows(files, entries, folder))
    return path
