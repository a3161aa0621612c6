"""Keep the recording: never. The video goes once analysed; results and the report's frames
stay; the PDF still shows the moments; deleting the entry still removes everything."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import pytest

from interhuman_desktop.export.moments import KEPT_THUMBNAILS, middle, top_moments
from interhuman_desktop.export.without_media import drop_recording, media_files
from interhuman_desktop.storage.library import AsyncLibrary, Library

pytestmark = pytest.mark.slow


def _drop(root: Path, entry):
    library = AsyncLibrary(root)
    try:
        return asyncio.run(drop_recording(library, entry))
    finally:
        library.close()


def _pictures(pdf: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    return sum(1 for line in listing if " jpeg " in line)


def test_never_deletes_the_video_and_keeps_results_and_report_frames(fresh_entry, tmp_path):
    root = tmp_path / "library"
    entry = fresh_entry(root)
    source = Path(entry.source)
    video = entry.media
    assert video is not None and video.is_file() and media_files(entry) == [video.resolve()]
    from interhuman_desktop.export.run import export_entries

    (before,) = export_entries([entry], "pdf", tmp_path / "with-video.pdf")
    gone = _drop(root, entry)
    assert not video.exists() and source.is_file()  # the user's own file is never touched
    assert gone.media is None and gone.media_removed
    assert (entry.folder / "timeline.json").is_file() and (entry.folder / "result.json").is_file()
    timeline = json.loads((entry.folder / "timeline.json").read_text())
    assert timeline["signals"]
    kept = sorted((entry.folder / KEPT_THUMBNAILS).glob("*.jpg"))
    assert kept and all(p.read_bytes()[:2] == b"\xff\xd8" for p in kept)  # JPEGs
    (pdf,) = export_entries([gone], "pdf", tmp_path / "report.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "pictures were saved from it" in " ".join(text.split())
    assert _pictures(pdf) == _pictures(before) >= len(kept)  # the same moments, with frames
    library = Library(root)
    library.delete(gone.id)
    library.close()
    assert not entry.folder.exists()


def test_frames_kept_are_the_report_moments(fresh_entry, tmp_path) -> None:
    from interhuman_desktop.export.entry_data import load_entry_data
    from interhuman_desktop.export.moments import kept_thumbnails

    root = tmp_path / "library"
    entry = fresh_entry(root)
    data = load_entry_data(entry)
    times = [middle(s, data.timeline.media_end) for s in top_moments(data.timeline, 5)]
    gone = _drop(root, entry)
    assert all(kept_thumbnails(gone.folder, times))
