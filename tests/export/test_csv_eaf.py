"""CSV tables read back with ``csv`` (folder and zip), ELAN read back with ``pympi``."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from pympi.Elan import Eaf

from interhuman_desktop.export.common import timecode
from interhuman_desktop.export.csv_tables import TABLES, write_csv
from interhuman_desktop.export.eaf import CQI, ENGAGEMENT, MARKERS, signal_tier, write_eaf
from interhuman_desktop.export.entry_data import load_entry_data

pytestmark = pytest.mark.slow


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_folder_has_one_row_per_interval(entries, library, tmp_path) -> None:
    data = load_entry_data(library.get(entries.file.id))
    out = write_csv(data, tmp_path / "tables")
    assert sorted(p.name for p in out.iterdir()) == sorted(TABLES)
    signals = _rows((out / "signals.csv").read_text(encoding="utf-8"))
    assert len(signals) == len(data.timeline.signals) > 0
    first = min(data.timeline.signals, key=lambda s: (s.start, s.signal_type))
    row = signals[0]
    assert row["type"] == first.signal_type and row["rationale"] == first.rationale
    assert float(row["start"]) == pytest.approx(first.start)
    assert row["end_timecode"] == timecode(first.end or 0.0)
    assert row["source"] == "upload" and row["modality"]
    quality = _rows((out / "quality.csv").read_text(encoding="utf-8"))
    assert quality[0]["scope"] == "overall" and quality[0]["band"]
    assert len([q for q in quality if q["scope"] == "timeline"]) == len(
        data.timeline.quality_periods) > 0
    engagement = _rows((out / "engagement.csv").read_text(encoding="utf-8"))
    assert [r["state"] for r in engagement] == [s for _, s in data.timeline.engagement]
    markers = _rows((out / "markers.csv").read_text(encoding="utf-8"))
    assert markers[0]["note"] == "the opening — “hook”" and markers[0]["timecode"] == \
        "00:00:04.000"


def test_csv_zip_for_a_live_session_names_connections(entries, library, tmp_path) -> None:
    data = load_entry_data(library.get(entries.live.id))
    out = write_csv(data, tmp_path / "live.zip")
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == sorted(TABLES)
        signals = _rows(archive.read("signals.csv").decode("utf-8"))
        header = archive.read("signals.csv").decode("utf-8").splitlines()[0]
    assert header == "start,end,start_timecode,end_timecode,type,probability,rationale," \
                     "modality,source"
    assert signals, "the live session produced no signal"
    assert all(r["source"].startswith(("connection ", "upload after")) for r in signals)


@pytest.mark.parametrize("which", ["file", "live"])
def test_eaf_reads_back_with_pympi(entries, library, tmp_path, which) -> None:
    data = load_entry_data(library.get(getattr(entries, which).id))
    out = write_eaf(data, tmp_path / "take.eaf")
    eaf = Eaf(str(out))
    tiers = set(eaf.get_tier_names())
    assert tiers == {*map(signal_tier, data.timeline.signal_types()), ENGAGEMENT, CQI, MARKERS}
    for signal_type in data.timeline.signal_types():
        got = eaf.get_annotation_data_for_tier(signal_tier(signal_type))
        want = [s for s in data.timeline.signals if s.signal_type == signal_type]
        assert len(got) == len(want)
        assert got[0][0] == round(min(s.start for s in want) * 1000)
    assert len(eaf.get_annotation_data_for_tier(CQI)) == len(data.timeline.quality_periods)
    states = [a[2] for a in eaf.get_annotation_data_for_tier(ENGAGEMENT)]
    assert states == [s for _, s in data.timeline.engagement]
    marks = eaf.get_annotation_data_for_tier(MARKERS)
    assert [m[2] for m in marks] == [m.note for m in data.timeline.markers]
    (media,) = eaf.get_linked_files()
    assert data.entry.media is not None
    assert media["MEDIA_URL"] == data.entry.media.name  # relative: no user folder in it
    assert media["RELATIVE_MEDIA_URL"] == f"./{data.entry.media.name}"
    assert str(media["TIME_ORIGIN"]) == "0"


def test_eaf_links_the_absolute_media_only_when_asked(entries, library, tmp_path) -> None:
    data = load_entry_data(library.get(entries.live.id))
    (media,) = Eaf(str(write_eaf(data, tmp_path / "a.eaf", media_paths=True))).get_linked_files()
    assert data.entry.media is not None
    assert media["MEDIA_URL"] == data.entry.media.resolve().as_uri()
    assert str(entries.root) not in (write_eaf(data, tmp_path / "b.eaf")).read_text()
