"""DEMO FIXTURE — plausible, hand-made timelines for screenshots, benchmarks and tests.

Not analysis output: nothing here comes from the engine or the service. It exists only until
the engine is wired, so the views can be seen and measured with realistic-looking data.
"""

from __future__ import annotations

import random

from interhuman_desktop.session.timeline import DIMENSIONS, QualityPeriod, SessionTimeline

# (type, start, end, probability, rationale, modality) for a ~45 s pitch rehearsal.
PITCH_SIGNALS = (
    ("confidence", 1.5, 9.0, "high", "Steady voice, upright posture and direct gaze while "
     "introducing the product.", ["audio", "video"]),
    ("interest", 4.0, 12.5, "medium", "Leans in and raises eyebrows when naming the problem.",
     ["video"]),
    ("hesitation", 11.0, 14.0, "medium", "Two filled pauses (\"um\") before the pricing slide.",
     ["audio"]),
    ("uncertainty", 13.5, 18.0, "low", "Rising intonation on statements about the numbers.",
     ["audio"]),
    ("stress", 15.0, 21.5, "medium", "Faster speech rate and tense shoulders.", ["audio", "video"]),
    ("engagement", 20.0, 31.0, "high", "Animated gestures and varied pitch while telling the "
     "customer story.", ["audio", "video"]),
    ("agreement", 24.5, 27.0, "medium", "Nods while restating the customer's need.", ["video"]),
    ("confidence", 27.5, 38.0, "high", "Clear, measured delivery of the ask.", ["audio"]),
    ("skepticism", 33.0, 35.5, "low", "Brief frown and head tilt at the competitor mention.",
     ["video"]),
    ("tension", 36.0, 39.5, "low", "Jaw clenched during a long pause.", ["video"]),
    ("interest", 39.0, 44.0, "high", "Smiles and opens posture inviting questions.", ["video"]),
    ("rapport_cue", 41.0, 43.5, "medium", "An unknown signal type: shown in the other lane.",
     ["audio"]),
)
ENGAGEMENT = ((0.0, "neutral"), (5.0, "engaged"), (14.0, "neutral"), (19.0, "engaged"),
              (33.0, "disengaged"), (36.5, "engaged"))
FEEDBACK = ((12.0, "Slow down before the pricing: a short pause reads as confidence."),
            (30.0, "The customer story lands well — keep the gestures."),
            (44.0, "Finish with the ask and hold eye contact for a beat."))


def pitch_timeline(seconds: float = 45.0) -> SessionTimeline:
    """DEMO: a ~45 s pitch rehearsal with signals, engagement, CQI periods and feedback."""
    tl = SessionTimeline()
    for kind, start, end, prob, why, modality in PITCH_SIGNALS:
        if start < seconds:
            tl.signal_detected(kind, start, prob, why, modality)
            tl.signal_ended(kind, min(end, seconds))
    for t, state in ENGAGEMENT:
        if t < seconds:
            tl.engagement_changed(state, t)
    curve = (58, 62, 50, 66, 71, 74, 69, 77, 81)
    for i in range(int(seconds // 5)):
        base = curve[i % len(curve)]
        values = {d: float(base + (k * 3 - 6)) for k, d in enumerate(DIMENSIONS)}
        if i == 2:
            values = dict.fromkeys(DIMENSIONS, 50.0)  # a no-evidence period
        tl.quality_updated(None, [QualityPeriod(i * 5.0, i * 5.0 + 5.0, values)])
    tl.quality_updated({"clarity": 72, "authority": 66, "energy": 78, "rapport": 70,
                        "learning": 61}, None)
    for t, text in FEEDBACK:
        if t < seconds:
            tl.feedback_generated(t, text)
    tl.add_marker(min(22.0, seconds / 2), "customer story")
    tl.media_end = seconds
    return tl


def hour_timeline(types: int = 13, per_type: int = 200, periods: int = 1200,
                  seed: int = 1) -> SessionTimeline:
    """DEMO: an hour of synthetic events (for redraw benchmarks)."""
    from interhuman_desktop.ui.theme import SIGNAL_TYPES

    rnd = random.Random(seed)
    tl = SessionTimeline()
    for kind in SIGNAL_TYPES[:types]:
        t = 0.0
        for _ in range(per_type):
            t += rnd.uniform(3.0, 15.0)
            tl.signal_detected(kind, t, rnd.choice(("low", "medium", "high")), "demo")
            tl.signal_ended(kind, t + rnd.uniform(1.0, 6.0))
    step = 3600.0 / periods
    for i in range(periods):
        v = 55 + 25 * ((i // 40) % 2) + rnd.uniform(-8, 8)
        values = dict.fromkeys(DIMENSIONS, 50.0) if i % 50 == 7 else \
            {d: v + rnd.uniform(-5, 5) for d in DIMENSIONS}
        tl.quality_updated(None, [QualityPeriod(i * step, (i + 1) * step, values)])
    t = 0.0
    states = ("engaged", "neutral", "disengaged")
    for i in range(240):
        t += rnd.uniform(5.0, 25.0)
        tl.engagement_changed(states[i % 3], t)
    tl.media_end = max(tl.media_end, 3600.0)
    return tl
