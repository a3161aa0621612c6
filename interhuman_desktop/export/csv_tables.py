"""Tidy CSV: one table per kind of observation, one row per interval (UTF-8, header row).

``signals.csv``, ``engagement.csv``, ``quality.csv`` (the overall index and its timeline),
``markers.csv`` and ``coverage.csv`` (the stretches a V2 stream did not analyse, or only
partly: ``coverage.*``); written into a folder (created) or, when the path ends in ``.zip``, a zip.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from interhuman_desktop.core.quality import DIMENSIONS, band_name, is_no_evidence
from interhuman_desktop.export.common import timecode
from interhuman_desktop.export.entry_data import EntryData, source_of

TIME_COLUMNS = ["start", "end", "start_timecode", "end_timecode"]
QUALITY_COLUMNS = ["scope", *TIME_COLUMNS, "quality_index", *DIMENSIONS, "band", "no_evidence"]


def _times(start: float, end: float) -> list[Any]:
    return [round(start, 3), round(end, 3), timecode(start), timecode(end)]


def signal_rows(data: EntryData) -> Iterable[list[Any]]:
    yield [*TIME_COLUMNS, "type", "probability", "rationale", "modality", "source"]
    end_of_media = data.timeline.media_end
    for s in sorted(data.timeline.signals, key=lambda s: (s.start, s.signal_type)):
        yield [*_times(s.start, s.end_or(end_of_media)), s.signal_type, s.probability or "",
               s.rationale or "", ";".join(s.modality),
               source_of(data, s.start, s.after_session)]


def engagement_rows(data: EntryData) -> Iterable[list[Any]]:
    yield [*TIME_COLUMNS, "state"]
    steps = data.timeline.engagement
    end = max(data.timeline.media_end, data.duration)
    for i, (start, state) in enumerate(steps):
        stop = steps[i + 1][0] if i + 1 < len(steps) else max(end, start)
        yield [*_times(start, stop), state]


def _quality_row(scope: str, start: float, end: float, values: dict[str, float]) -> list[Any]:
    index = values.get("quality_index")
    return [scope, *_times(start, end), index if index is not None else "",
            *[values.get(d, "") for d in DIMENSIONS],
            band_name(index) if index is not None else "", is_no_evidence(values)]


def quality_rows(data: EntryData) -> Iterable[list[Any]]:
    yield QUALITY_COLUMNS
    overall = data.timeline.quality_overall
    if overall:
        yield _quality_row("overall", 0.0, data.duration, overall)
    for p in data.timeline.quality_periods:
        yield _quality_row("timeline", p.start, p.end, p.values)


def marker_rows(data: EntryData) -> Iterable[list[Any]]:
    yield ["t", "timecode", "note"]
    for m in data.timeline.markers:
        yield [round(m.t, 3), timecode(m.t), m.note]


def coverage_rows(data: EntryData) -> Iterable[list[Any]]:
    yield [*TIME_COLUMNS, "kind", "meaning", "reason"]
    for r in data.timeline.coverage:
        yield [*_times(r.start, r.end), r.kind, r.label, r.reason or ""]


TABLES = {"signals.csv": signal_rows, "engagement.csv": engagement_rows,
          "quality.csv": quality_rows, "markers.csv": marker_rows,
          "coverage.csv": coverage_rows}


def _render(rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def write_csv(data: EntryData, out: Path) -> Path:
    """The tables in ``out`` (a folder, created) or in ``out`` as a zip (``.zip``)."""
    tables = {name: _render(rows(data)) for name, rows in TABLES.items()}
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in tables.items():
                archive.writestr(name, text.encode("utf-8"))
        return out
    out.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (out / name).write_text(text, encoding="utf-8", newline="")
    return out
