"""Coverage ranges: stretches of a live session the service did not analyse (``coverage.dropped``,
"not analysed") or analysed with missing video (``coverage.degraded``, "partly analysed"),
in recording seconds (decision #21). Kept sorted; a range that overlaps or touches one of the
same kind and reason is merged into it, so a shedding engine's many small events draw as one
band."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = {"dropped": "not analysed", "degraded": "partly analysed"}
TOUCH = 0.05  # seconds: ranges closer than this are one stretch


@dataclass
class CoverageRange:
    kind: str  # "dropped" | "degraded"
    start: float
    end: float
    reason: str | None = None  # coverage.degraded: "video_gap"

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, self.kind)


def add_range(ranges: list[CoverageRange], new: CoverageRange) -> None:
    """Insert ``new`` into the sorted ``ranges``, merged with its overlapping neighbours."""
    if new.end < new.start:
        new = CoverageRange(new.kind, new.end, new.start, new.reason)
    keep: list[CoverageRange] = []
    for r in ranges:
        same = (r.kind, r.reason) == (new.kind, new.reason)
        if same and r.start <= new.end + TOUCH and new.start <= r.end + TOUCH:
            new = CoverageRange(new.kind, min(r.start, new.start), max(r.end, new.end),
                                new.reason)
        else:
            keep.append(r)
    keep.append(new)
    keep.sort(key=lambda r: (r.start, r.end, r.kind))
    ranges[:] = keep


def from_dicts(items: object) -> list[CoverageRange]:
    """The saved ranges (``timeline.json``); unreadable items are skipped."""
    out: list[CoverageRange] = []
    for item in items if isinstance(items, list) else []:
        try:
            out.append(CoverageRange(str(item["kind"]), float(item["start"]),
                                     float(item["end"]), item.get("reason")))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def in_words(ranges: list[CoverageRange]) -> str:
    """For the lanes' screen-reader summary: "; 12.0 s not analysed" ("" when none)."""
    totals = {kind: sum(r.end - r.start for r in ranges if r.kind == kind) for kind in KINDS}
    words = [f"{total:.1f} s {KINDS[kind]}" for kind, total in totals.items() if total > 0]
    return "; " + ", ".join(words) if words else ""
