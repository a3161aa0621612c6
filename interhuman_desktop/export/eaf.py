"""ELAN ``.eaf`` via ``pympi-ling``: a tier per signal type, engagement state, CQI, markers.

Times are recording milliseconds; the media is linked by its file name (relative to the
``.eaf``: put them side by side), with time origin 0 (the lanes' clock is the media's).
"""

from __future__ import annotations

from pathlib import Path

from pympi.Elan import Eaf  # type: ignore[import-untyped]

from interhuman_desktop.core.quality import DIMENSIONS, band_name, is_no_evidence
from interhuman_desktop.export.entry_data import EntryData

MIMES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime",
         ".mkv": "video/x-matroska", ".webm": "video/webm", ".avi": "video/x-msvideo",
         ".ts": "video/mp2t", ".wav": "audio/x-wav"}
MARKER_MS = 500  # a marker is a point; ELAN needs a length
ENGAGEMENT, CQI, MARKERS = "engagement state", "CQI", "markers"


def signal_tier(signal_type: str) -> str:
    """A signal's tier name (a signal type may be called "engagement" too)."""
    return f"signal: {signal_type}"


def _ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))


def _add(eaf: Eaf, tier: str, start: float, end: float, value: str) -> None:
    a, b = _ms(start), _ms(end)
    eaf.add_annotation(tier, a, max(b, a + 1), value)


def _cqi_text(values: dict[str, float]) -> str:
    if is_no_evidence(values):
        return "no evidence"
    index = values.get("quality_index")
    head = f"{index:.0f} ({band_name(index)})" if index is not None else "CQI"
    dims = ", ".join(f"{d} {values[d]:.0f}" for d in DIMENSIONS if d in values)
    return f"{head}: {dims}"


def build_eaf(data: EntryData, *, media_paths: bool = False) -> Eaf:
    eaf = Eaf(author="interhuman-desktop")
    tl = data.timeline
    for signal_type in tl.signal_types():
        eaf.add_tier(signal_tier(signal_type))
    for tier in (ENGAGEMENT, CQI, MARKERS):
        eaf.add_tier(tier)
    eaf.remove_tier("default")
    for s in tl.signals:
        text = " — ".join(x for x in (s.probability or "", s.rationale or "") if x)
        _add(eaf, signal_tier(s.signal_type), s.start, s.end_or(tl.media_end), text)
    end = max(tl.media_end, data.duration)
    for i, (start, state) in enumerate(tl.engagement):
        stop = tl.engagement[i + 1][0] if i + 1 < len(tl.engagement) else end
        _add(eaf, ENGAGEMENT, start, stop, state)
    for p in tl.quality_periods:
        _add(eaf, CQI, p.start, p.end, _cqi_text(p.values))
    for m in tl.markers:
        _add(eaf, MARKERS, m.t, m.t + MARKER_MS / 1000, m.note or "marker")
    media = data.entry.media
    if media is not None:
        url = media.resolve().as_uri() if media_paths else media.name
        eaf.add_linked_file(url, relpath=f"./{media.name}",
                            mimetype=MIMES.get(media.suffix.lower(), "video/mp4"), time_origin=0)
    return eaf


def write_eaf(data: EntryData, out: Path, *, media_paths: bool = False) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    build_eaf(data, media_paths=media_paths).to_file(str(out))
    return out
