"""coverage.* in the exports: a coverage.csv table; the JSON export carries the timeline as
saved, coverage included, and reads it back."""

from __future__ import annotations

import csv
import io
import json
from types import SimpleNamespace

from interhuman_desktop.export.csv_tables import TABLES, coverage_rows
from interhuman_desktop.session.timeline import SessionTimeline


def test_coverage_csv_has_one_row_per_range() -> None:
    tl = SessionTimeline()
    tl.coverage_reported("dropped", 3.0, 9.5)
    tl.coverage_reported("degraded", 12.0, 13.25, "video_gap")
    rows = list(csv.DictReader(io.StringIO("\n".join(
        ",".join(str(c) for c in row) for row in coverage_rows(SimpleNamespace(timeline=tl))))))
    assert TABLES["coverage.csv"] is coverage_rows
    assert [(r["kind"], r["meaning"], r["reason"]) for r in rows] == [
        ("dropped", "not analysed", ""), ("degraded", "partly analysed", "video_gap")]
    assert (rows[0]["start"], rows[0]["end_timecode"]) == ("3.0", "00:00:09.500")


def test_the_saved_timeline_keeps_coverage_for_the_json_export() -> None:
    tl = SessionTimeline()
    tl.coverage_reported("dropped", 1.0, 2.0)
    saved = json.loads(json.dumps(tl.to_dict()))  # timeline.json, which json_doc embeds
    assert saved["coverage"] == [{"kind": "dropped", "start": 1.0, "end": 2.0, "reason": None}]
    assert SessionTimeline.from_dict(saved).coverage == tl.coverage
