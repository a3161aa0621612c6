"""The PDF report, read back with ``pdftotext`` and rendered with ``pdftoppm``."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest

from interhuman_desktop.export.entry_data import load_entry_data
from interhuman_desktop.export.moments import middle, thumbnails, top_moments
from interhuman_desktop.export.pdf_report import write_pdf
from interhuman_desktop.export.report_text import LOCAL_FOOTER

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")]


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60, check=True)
    return " ".join(done.stdout.split())  # wrapped lines read as one


def test_report_holds_title_cqi_top_moment_and_footer(entries, library, tmp_path) -> None:
    data = load_entry_data(library.get(entries.file.id))
    out = write_pdf(data, tmp_path / "report.pdf")
    text = _text(out)
    assert "Pitch take 1" in text and "Conversation quality" in text
    best = top_moments(data.timeline, 1)[0]
    assert best.rationale and " ".join(best.rationale.split()) in text
    assert "Clarity" in text and "Rapport" in text
    overall = data.timeline.quality_overall or {}
    assert f"{overall['quality_index']:.0f}" in text
    assert "Goals: Clarity, Rapport" in text
    assert "the opening — “hook”" in text and "First take; coach: ask for pauses." in text
    assert " ".join(LOCAL_FOOTER.split()[:8]) in text


def test_every_page_renders(entries, library, tmp_path) -> None:
    data = load_entry_data(library.get(entries.live.id))
    out = write_pdf(data, tmp_path / "live.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(out), str(tmp_path / "page")],
                   check=True, timeout=60)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2 and all(p.stat().st_size > 2000 for p in pages)
    assert "Live rehearsal" in _text(out)


def test_thumbnails_come_from_the_recording(entries, library) -> None:
    data = load_entry_data(library.get(entries.file.id))
    moments = top_moments(data.timeline, 3)
    frames = thumbnails(data.media, [middle(s, data.timeline.media_end) for s in moments])
    assert all(f is not None and f[:2] == b"\xff\xd8" for f in frames)  # JPEG pictures
    assert thumbnails(None, [1.0]) == [None]


def test_report_without_the_video_says_so(entries, library, tmp_path) -> None:
    data = load_entry_data(library.get(entries.file.id))
    data.entry = dataclasses.replace(data.entry, media=tmp_path / "gone.mp4")
    text = _text(write_pdf(data, tmp_path / "no-video.pdf"))
    assert "The video was not kept" in text
