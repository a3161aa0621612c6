"""NowCue hold logic (pure Python) and the cue choice from a timeline."""

from __future__ import annotations

from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.cue_hold import Cue, CueHold, cue_age, cue_from_timeline, cue_when_text


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def cue(name: str, t: float = 0.0) -> Cue:
    return Cue((name, t), name, "why", t)


def test_first_cue_shows_at_once_and_is_held_for_four_seconds() -> None:
    clock = FakeClock()
    hold = CueHold(4.0, clock)
    assert hold.offer(cue("a")) == cue("a")
    clock.t += 1.0
    assert hold.offer(cue("b")) == cue("a")  # held
    clock.t += 1.0
    assert hold.offer(cue("c")) == cue("a")  # still held; c replaces b as pending
    clock.t += 2.0
    assert hold.tick() == cue("c")  # 4 s passed: the newest pending wins, b never flickered
    clock.t += 3.9
    assert hold.offer(cue("d")) == cue("c")
    clock.t += 0.1
    assert hold.tick() == cue("d")


def test_same_cue_again_is_not_pending_and_none_keeps_the_current() -> None:
    clock = FakeClock()
    hold = CueHold(4.0, clock)
    hold.offer(cue("a"))
    clock.t += 10
    assert hold.offer(cue("a")) == cue("a")
    assert hold.offer(None) == cue("a")
    hold.clear()
    assert hold.current is None


def test_cue_from_timeline_prefers_newest_notable_or_feedback() -> None:
    tl = SessionTimeline()
    assert cue_from_timeline(tl) is None
    tl.signal_detected("stress", 1.0, "low", "quiet")
    assert cue_from_timeline(tl) is None  # low is not notable
    tl.signal_detected("confidence", 2.0, "high", "steady voice")
    got = cue_from_timeline(tl)
    assert got is not None and got.title.startswith("Confidence") and got.detail == "steady voice"
    tl.feedback_generated(2.5, "Slow down")
    got = cue_from_timeline(tl)
    assert got is not None and got.kind == "feedback" and got.detail == "Slow down"


def test_a_signal_still_going_on_is_now_and_ages_only_from_its_end() -> None:
    clock = FakeClock()
    hold = CueHold(4.0, clock)
    tl = SessionTimeline()
    tl.signal_detected("confidence", 8.0, "high", "steady voice")
    tl.signal_updated("confidence", 12.0, "high", "steady voice")
    open_cue = hold.offer(cue_from_timeline(tl))
    assert open_cue is not None and open_cue.ongoing and open_cue.since == 8.0
    assert cue_when_text(open_cue, 30.0) == "now · for 22 s" and cue_age(open_cue, 30.0) == 0
    assert cue_when_text(open_cue, 8.4) == "now"
    tl.signal_ended("confidence", 31.0)
    clock.t += 1.0  # within the hold: the same cue's end replaces it at once
    ended = hold.offer(cue_from_timeline(tl))
    assert ended is not None and not ended.ongoing and ended.t == 31.0
    assert cue_when_text(ended, 53.0) == "22 s ago" and cue_age(ended, 53.0) == 22.0
    assert hold.offer(cue("other")) == ended  # another cue still waits for the hold
