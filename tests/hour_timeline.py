"""Test data for the lanes: an hour of synthetic events (many signals, periods, engagement
changes) to draw and redraw. Hand-made, not analysis output."""

from __future__ import annotations

import random

from interhuman_desktop.session.timeline import DIMENSIONS, QualityPeriod, SessionTimeline


def hour_timeline(types: int = 13, per_type: int = 200, periods: int = 1200,
                  seed: int = 1) -> SessionTimeline:
    """An hour of synthetic events (seeded, so every run draws the same)."""
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
