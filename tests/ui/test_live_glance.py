"""Issue 12 item 4: one health light with documented thresholds, the cue overlay's age/fade."""

from __future__ import annotations

import numpy as np

from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.cue_hold import FADED_OPACITY, CueHold, cue_age_text, cue_opacity
from interhuman_desktop.ui.live_health import AMBER, GREEN, RED, health_light
from interhuman_desktop.ui.views.live import LiveView
from interhuman_desktop.ui.widgets.health_light import HealthLight

OK = {"state": "streaming", "socket": "open", "fps_in": 30.0, "frames_captured": 900,
      "frames_dropped": 0, "segments_pending": 1, "segments_lost": 0, "segments_failed": 0,
      "last_event_age": 1.0, "elapsed": 30.0}


def test_one_dropped_frame_is_green_past_one_percent_amber() -> None:
    assert health_light({**OK, "frames_dropped": 1}, 1.2).level == GREEN  # the reported case
    assert health_light({**OK, "frames_dropped": 9}, 1.2).level == GREEN  # exactly 1 %
    light = health_light({**OK, "frames_dropped": 10}, 1.2)
    assert light.level == AMBER and "10 of 900 frames dropped" in light.reason


def test_analysis_more_than_one_segment_behind_is_amber() -> None:
    assert health_light(OK, 3.0).level == GREEN
    # the one being analysed and the next one: normal with the local engine (4 s lag)
    assert health_light({**OK, "segments_pending": 2}, 4.3).level == GREEN
    light = health_light({**OK, "segments_pending": 3}, 8.0)
    assert light.level == AMBER and "3 segments behind" in light.reason
    assert health_light({**OK, "last_event_age": 25.0}).level == AMBER


def test_lag_in_seconds_is_amber_past_a_segment_and_six_seconds() -> None:
    """The walkthrough's V2 session: 11.8 s behind with 5-s segments stayed "All good" (V2
    answers by the stream, so few segments are ever pending)."""
    v2 = {**OK, "stream": "V2 stream · inter-2", "api": "v2", "segment_seconds": 5.0}
    assert health_light(v2, 7.7).level == GREEN  # the local engine's worst, measured
    assert health_light(v2, 11.0).level == GREEN  # 5 s + 6 s: the limit itself
    light = health_light(v2, 11.8)
    assert light.level == AMBER and light.reason == "Analysis is 11.8 s behind the recording"
    assert health_light({**v2, "api": "v1"}, 11.8).level == AMBER  # the same on V1
    assert health_light({**OK, "segment_seconds": 3.0}, 9.5).level == AMBER  # 3-s segments
    assert health_light({**OK, "segment_seconds": 10.0}, 15.0).level == GREEN


def test_media_the_analysis_shed_is_red_while_recent() -> None:
    shed = {**OK, "api": "v2", "not_analysed_s": 12.4, "dropped_until": 24.0, "elapsed": 30.0}
    light = health_light(shed, 3.0)
    assert light.level == RED
    assert light.reason == "The analysis fell behind and skipped 12 s (still recorded)"
    later = {**shed, "elapsed": 24.0 + 31.0}  # 30 s later the lanes' bands say it
    assert health_light(later, 3.0).level == GREEN


def test_lost_segments_and_a_dropped_connection_are_red() -> None:
    light = health_light({**OK, "segments_lost": 1, "frames_dropped": 50})
    assert light.level == RED and "1 segment could not be analysed" in light.reason
    light = health_light({**OK, "socket": "retrying in 2.0 s"})
    assert light.level == RED and "Connection" in light.reason
    assert health_light({**OK, "state": "connecting", "socket": "closed"}).level == AMBER


def test_the_light_shows_one_reason_and_the_counters_on_demand(qtbot) -> None:
    light = HealthLight()
    qtbot.addWidget(light)
    light.show()
    light.set_health({**OK, "frames_dropped": 1}, 1.2)
    assert light.light.level == GREEN and light.reason.text().startswith("All good")
    assert "dropped 1" in light.toolTip() and light.details.isHidden()
    light.toggle.click()
    assert light.details.isVisible() and "dropped 1" in light.details.text()
    light.set_health({**OK, "segments_lost": 2})
    assert light.light.level == RED and "2 segments" in light.reason.text()


def test_cue_age_and_fade() -> None:
    assert cue_age_text(0.4) == "just now" and cue_age_text(3.2) == "3 s ago"
    assert cue_age_text(65) == "1 min 5 s ago"
    assert cue_opacity(2) == 1.0 and cue_opacity(1000) == FADED_OPACITY
    assert FADED_OPACITY < cue_opacity(25) < 1.0


def test_the_overlay_on_the_preview_ages_and_fades(qtbot) -> None:
    view = LiveView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    clock = [0.0]
    view.cue.hold = CueHold(4.0, lambda: clock[0])
    timeline = SessionTimeline()
    frame = np.full((90, 160, 3), 80, np.uint8)
    view.attach(timeline, lambda: frame)
    assert view.cue.title == "Listening…" and view.cue.parent() is view.preview
    timeline.signal_detected("confidence", 8.0, "high", "steady voice")
    view.set_now(11.0)
    view.redraw()
    assert view.cue.title == "Confidence (high)" and view.cue.when == "now · for 3 s"
    assert view.cue.opacity == 1.0
    assert view.cue.geometry().bottom() == view.preview.height() - 1  # along its bottom edge
    view.set_now(30.0)  # still going on 22 s later: "now", not "22 s ago", and not faded
    view.redraw()
    assert view.cue.when == "now · for 22 s" and view.cue.opacity == 1.0
    timeline.signal_ended("confidence", 31.0)
    view.set_now(32.0)  # it ended: aged from its end (no 4 s hold for the same cue's end)
    view.redraw()
    assert view.cue.when == "1 s ago"
    view.set_now(89.0)  # at 1:29, a cue that ended at 0:31
    view.redraw()
    assert view.cue.when == "58 s ago" and view.cue.opacity == FADED_OPACITY
    view.set_now(125.0)  # too old to be "the current cue"
    view.redraw()
    assert view.cue.cue is None and view.cue.title == "Listening…"
    view.detach()


def test_the_live_gauge_says_no_evidence_where_no_cue_bore_on_a_dimension(qtbot) -> None:
    """A microphone-only session: rapport and learning have no cue, so their 50 is no score
    (as the summary and Review say), not a coloured bar."""
    view = LiveView()
    qtbot.addWidget(view)
    scores = {"clarity": 65.0, "authority": 64.0, "energy": 65.0, "rapport": 50.0,
              "learning": 50.0}
    timeline = SessionTimeline(quality_overall=scores, quality_basis={
        "clarity": ["speaking 30%"], "authority": ["steady voice"], "energy": ["loudness"],
        "rapport": [], "learning": []})
    view.attach(timeline, None)
    assert view.gauge.has_evidence("clarity")
    assert not view.gauge.has_evidence("rapport") and not view.gauge.has_evidence("learning")
