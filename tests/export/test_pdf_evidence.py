"""The PDF report says "no evidence" where the app does (the basis lists no cue for a
dimension, or every dimension is 50), and draws the lanes in the app's order. Data: the sample
clip analysed by the local engine and saved in a real library (``entries``); read back with
``pdftotext``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from interhuman_desktop.core.palette import lane_order
from interhuman_desktop.core.quality import DIMENSIONS, has_evidence
from interhuman_desktop.export.entry_data import load_entry_data
from interhuman_desktop.export.pdf_report import write_pdf
from interhuman_desktop.export.report_chart import lanes_figure
from interhuman_desktop.session.from_result import add_basis
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.widgets.lane_data import ENGAGEMENT_ROW, QUALITY_ROW, build_index

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")]
SCORE = r"\d+ (weak|below average|moderate|good|excellent)"


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60, check=True)
    return " ".join(done.stdout.split())


def _rows(text: str) -> dict[str, str]:
    """Each dimension's row in the quality block: its score and band, or "no evidence"."""
    found = {}
    for dim in DIMENSIONS:
        hit = re.search(rf"{dim.capitalize()} ({SCORE}|no evidence)", text)
        assert hit, dim
        found[dim] = hit.group(1)
    return found


def test_the_pdf_says_no_evidence_where_the_basis_has_no_cue(entries, library, tmp_path):
    data = load_entry_data(library.get(entries.file.id))
    for raw in data.results:  # the cues behind the scores, as the app keeps them at analysis
        add_basis(data.timeline, raw)
    overall, basis = data.timeline.quality_overall, data.timeline.quality_basis
    assert overall and basis is not None  # the local engine sends the basis
    rows = _rows(_text(write_pdf(data, tmp_path / "as-analysed.pdf")))
    for dim in DIMENSIONS:
        assert (rows[dim] == "no evidence") is (not has_evidence(overall, basis, dim)), rows
        if has_evidence(overall, basis, dim):
            assert rows[dim].startswith(f"{overall[dim]:.0f} "), (dim, rows)
    # as a microphone-only take: nothing bore on rapport or learning
    data.timeline.quality_basis = {d: list(c) for d, c in basis.items()}
    data.timeline.quality_basis.update(rapport=[], learning=[])
    rows = _rows(_text(write_pdf(data, tmp_path / "sound-only.pdf")))
    assert rows["rapport"] == rows["learning"] == "no evidence", rows
    assert all(re.fullmatch(SCORE, rows[d]) for d in DIMENSIONS
               if has_evidence(overall, data.timeline.quality_basis, d)), rows
    data.timeline.quality_overall = dict.fromkeys(DIMENSIONS, 50.0)  # all 50: none at all
    text = _text(write_pdf(data, tmp_path / "none.pdf"))
    assert set(_rows(text).values()) == {"no evidence"}
    assert "Quality index no evidence" in text


def _mixed() -> SessionTimeline:
    tl = SessionTimeline()
    for i, kind in enumerate(("stress", "novel_cue", "engagement", "agreement",
                              "disengagement", "confusion")):
        tl.signal_detected(kind, 2.0 * i, "high", "test")
        tl.signal_ended(kind, 2.0 * i + 1.5)
    tl.engagement_changed("engaged", 0.0)
    tl.media_end = 14.0
    return tl


def test_the_pdf_lanes_are_in_the_app_order(entries, library) -> None:
    real = load_entry_data(library.get(entries.file.id)).timeline
    for timeline in (real, _mixed()):
        app_rows = [r for r in build_index(timeline).rows if r != QUALITY_ROW]
        pdf_rows = [t.get_text() for t in lanes_figure(timeline, 14.0).axes[0].get_yticklabels()]
        assert [r.lower() for r in app_rows] == pdf_rows, (app_rows, pdf_rows)
        assert pdf_rows[-1] == ENGAGEMENT_ROW.lower()
    assert lane_order(s.signal_type for s in _mixed().signals) == [
        "agreement", "confusion", "stress", "other"]
