"""The comparison and progress arithmetic (no Qt) on hand-built timelines: deltas, rates per
minute, the shift that lines two takes up, trends."""

import pytest

from interhuman_desktop.session.compare import (
    Delta,
    Take,
    compare,
    delta_label,
    shifted,
    table_rows,
)
from interhuman_desktop.session.progress import (
    Point,
    Progress,
    keep,
    trend,
    trend_change,
    trend_per_week,
)
from interhuman_desktop.session.timeline import QualityPeriod, SessionTimeline
from interhuman_desktop.storage.library import Entry

DIMS = {"clarity": 60.0, "authority": 55.0, "energy": 70.0, "rapport": 65.0, "learning": 50.0}


def _timeline(signals, values=None) -> SessionTimeline:
    tl = SessionTimeline()
    for kind, a, b in signals:
        tl.signal_detected(kind, a, "high", f"{kind} why")
        tl.signal_ended(kind, b)
    if values is not None:
        tl.quality_updated(values, [QualityPeriod(0.0, 30.0, values)])
    tl.feedback_generated(5.0, "slow down")
    return tl


def test_compare_gives_deltas_and_rates_per_minute() -> None:
    a = Take("A", "2026-01-01T00:00:00+00:00", 60.0,
             _timeline([("stress", 1, 2), ("stress", 5, 6), ("interest", 8, 9)], DIMS))
    b = Take("B", "2026-01-08T00:00:00+00:00", 30.0,
             _timeline([("stress", 1, 2)], {**DIMS, "clarity": 67.0, "energy": 66.5}))
    c = compare(a, b)
    by_name = {d.name: d for d in c.dimensions}
    assert by_name["clarity"].delta == pytest.approx(7.0)
    assert delta_label(by_name["clarity"]) == "▲ +7 clarity"
    assert delta_label(by_name["energy"]) == "▼ −4 energy"  # −3.5 rounds to −4
    assert delta_label(by_name["rapport"]) == "= 0 rapport"
    assert c.cqi.a == pytest.approx(60.0) and c.cqi.b == pytest.approx(60.7)
    rows = {s.signal_type: s for s in c.signals}
    assert (rows["stress"].count_a, rows["stress"].count_b) == (2, 1)
    assert rows["stress"].rate.a == pytest.approx(2.0) and rows["stress"].rate.b == 2.0
    assert rows["interest"].rate.b == 0.0
    assert ("interest", "1 · 1.0/min", "0 · 0.0/min", "▼ −1.0/min") in table_rows(c)
    assert c.feedback_a == [(5.0, "slow down")]


def test_no_evidence_is_not_a_score() -> None:
    a = Take("A", "", 10.0, _timeline([], {d: 50.0 for d in DIMS}))
    b = Take("B", "", 10.0, _timeline([], DIMS))
    c = compare(a, b)
    assert c.cqi.a is None and c.cqi.delta is None
    assert delta_label(c.dimensions[0]) == f"– {c.dimensions[0].name}"
    assert delta_label(Delta("x", None, 1.0), 1, unit="/min") == "–/min"


def test_shifted_moves_everything_and_drops_what_falls_before_zero() -> None:
    tl = _timeline([("stress", 1.0, 2.0), ("interest", 6.0, 9.0)], DIMS)
    tl.add_marker(7.0, "here")
    later = shifted(tl, 2.5)
    assert [(s.start, s.end) for s in later.signals] == [(3.5, 4.5), (8.5, 11.5)]
    assert later.markers[0].t == 9.5 and later.feedback == [(7.5, "slow down")]
    earlier = shifted(tl, -3.0)
    assert [(s.signal_type, s.start, s.end) for s in earlier.signals] == [
        ("interest", 3.0, 6.0)]
    assert tl.signals[0].start == 1.0  # the original is untouched


def _entry(i: int, kind: str, tags: tuple[str, ...]) -> Entry:
    return Entry(i, None, kind, f"e{i}", "", "2026-01-01T00:00:00+00:00", 60.0, None, None,
                 "", "local", tags)


def test_filters_and_trend() -> None:
    assert keep(_entry(1, "live", ("Pitch",)), tag="pitch", kind="live")
    assert not keep(_entry(1, "file", ("pitch",)), kind="live")
    assert not keep(_entry(1, "live", ()), tag="pitch")
    day = 86400.0
    assert trend([(0.0, 50.0), (day, 52.0), (2 * day, 54.0)]) == pytest.approx((2 / day, 50.0))
    assert trend_per_week([(0.0, 50.0), (7 * day, 57.0)]) == pytest.approx(7.0)
    assert trend_change([(0.0, 60.0), (30.0, 50.0), (60.0, 58.0)]) == pytest.approx(-2.0)
    assert trend([(1.0, 3.0)]) is None and trend([(1.0, 3.0), (1.0, 4.0)]) is None
    points = [Point(1, "a", 0.0, {"CQI": 60.0}, {"stress": 2.0}),
              Point(2, "b", day, {"CQI": 64.0, "clarity": 70.0}, {"interest": 1.0})]
    p = Progress(points)
    assert p.quality_series() == {"CQI": [(0.0, 60.0), (day, 64.0)], "clarity": [(day, 70.0)]}
    assert p.rate_series()["stress"] == [(0.0, 2.0), (day, 0.0)]


def test_no_evidence_in_either_take_has_no_change() -> None:
    """A microphone-only take B (no cue bore on rapport) against a camera take A: rapport shows
    "no evidence" and no change; the CQI's change counts only dimensions with evidence in both
    (the Compare view and ``compare A B`` show these rows)."""
    from interhuman_desktop.commands.compare import render

    video = {"clarity": 86.0, "authority": 65.0, "energy": 81.0, "rapport": 89.0,
             "learning": 50.0}
    voice = {**video, "clarity": 87.0, "authority": 45.0, "energy": 83.0, "rapport": 50.0}
    cues = {"clarity": ["confidence"], "authority": ["confidence"], "energy": ["interest"],
            "rapport": ["engagement"], "learning": []}
    a = Take("A", "", 40.0, _timeline([], video))
    a.timeline.quality_basis = cues
    b = Take("B", "", 22.0, _timeline([], voice))
    b.timeline.quality_basis = {**cues, "rapport": []}
    c = compare(a, b)
    rows = {r[0]: r for r in table_rows(c, named=False)}
    assert rows["rapport"] == ("rapport", "89", "no evidence", "–")
    assert rows["learning"] == ("learning", "no evidence", "no evidence", "–")
    assert rows["authority"][3] == "▼ −20"
    assert c.cqi.delta == pytest.approx((1 - 20 + 2) / 3)  # not 63 − 74
    assert rows["CQI"][3] == "▼ −6"
    assert "no evidence" in render(c) and "−39" not in render(c)
    a.timeline.quality_basis = b.timeline.quality_basis = None  # the cloud: no basis, scores
    assert compare(a, b).cqi.delta == pytest.approx(compare(a, b).cqi.b - compare(a, b).cqi.a)


def test_progress_leaves_a_gap_where_a_dimension_had_no_evidence() -> None:
    """A microphone-only take: rapport and learning had no cue, so Progress plots no 50 for them
    (the summary and Review say "no evidence")."""
    from interhuman_desktop.session.progress import point_of

    tl = _timeline([], DIMS)
    tl.quality_basis = {"clarity": ["speaking 30%"], "authority": ["steady voice"],
                        "energy": ["loudness"], "rapport": [], "learning": []}
    point = point_of(_entry(1, "live", ()), Take("mic", "2026-01-01", 30.0, tl))
    assert set(point.quality) == {"clarity", "authority", "energy", "CQI"}
    tl.quality_basis = None  # the cloud: no basis, every score counts
    point = point_of(_entry(1, "live", ()), Take("cloud", "2026-01-01", 30.0, tl))
    assert set(point.quality) == set(DIMS) | {"CQI"}
