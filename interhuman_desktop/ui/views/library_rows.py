"""What a Library row shows for an entry (its cells, its date in local time)."""

from __future__ import annotations

from datetime import datetime

from interhuman_desktop.session.timeline import band_name
from interhuman_desktop.storage.library import Entry
from interhuman_desktop.ui.timefmt import fmt_time

COLUMNS = ("Title", "Date", "Source", "Duration", "CQI", "Tags", "Notes")


def _date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def entry_date(entry: Entry) -> str:
    """The entry's creation time, local, to the minute."""
    return _date(entry.created_at)


def entry_row(entry: Entry) -> list[str]:
    """The cells shown for an entry."""
    source = "Live session" if entry.kind == "live" else "File"
    cqi = "–" if entry.cqi is None else f"{entry.cqi:.0f} ({band_name(entry.cqi)})"
    note = entry.notes.splitlines()[0] if entry.notes else ""
    return [entry.title, _date(entry.created_at), source, fmt_time(entry.duration), cqi,
            ", ".join(entry.tags), note]
