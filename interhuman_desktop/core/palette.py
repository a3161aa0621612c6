"""The app's colours as hex strings, without Qt: one mapping from a signal type, an engagement
state, a quality dimension or a CQI band to its colour, used by the lanes and Progress
(``ui.theme`` wraps them in ``QColor``) and by the PDF report's chart, so a type has the same
colour on screen and on paper.

The base is the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"). Thirteen signal
types need more hues than its eight, so the signal colours extend it; every one differs from the
others and keeps a WCAG contrast of at least 3:1 against both the light (white) and the dark
chart background, so a line or an outline of any type stays visible in either theme.
"""

from __future__ import annotations

from collections.abc import Iterable

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

SIGNAL_TYPES = (
    "agreement", "confidence", "confusion", "disagreement", "disengagement", "engagement",
    "frustration", "hesitation", "interest", "skepticism", "stress", "tension", "uncertainty",
)
OTHER_LANE = "other"
OTHER_COLOUR = "#6F7C8A"  # unknown types and the "other" lane
ENGAGEMENT_SIGNALS = ("engagement", "disengagement")  # drawn in the engagement row, not a lane

# Warm hues for the troubled signals, cool ones for the positive, grey for disengagement.
SIGNAL_COLOURS = {
    "agreement": OKABE_ITO["bluish_green"], "confidence": OKABE_ITO["blue"],
    "interest": "#1C9CB4", "engagement": "#5E8C31",
    "confusion": "#C27C00", "hesitation": "#8C7A00", "uncertainty": "#7A6FD0",
    "skepticism": "#C4698F", "stress": "#B552A8", "tension": "#AD5C35",
    "disagreement": OKABE_ITO["vermillion"], "frustration": "#C8405A",
    "disengagement": "#808080",
}

ENGAGEMENT_COLOURS = {
    "engaged": OKABE_ITO["bluish_green"],
    "neutral": OKABE_ITO["sky_blue"],
    "disengaged": OKABE_ITO["vermillion"],
}

# Progress: one line per quality dimension (the index itself is drawn in the text colour).
DIMENSION_COLOURS = {
    "clarity": OKABE_ITO["blue"], "authority": OKABE_ITO["vermillion"], "energy": "#8C7A00",
    "rapport": OKABE_ITO["bluish_green"], "learning": "#B0649A",
}

# CQI bands (upper bound, name, colour): weak → excellent.
BAND_COLOURS = (
    (30.0, "weak", OKABE_ITO["vermillion"]),
    (50.0, "below average", OKABE_ITO["orange"]),
    (65.0, "moderate", OKABE_ITO["yellow"]),
    (80.0, "good", OKABE_ITO["sky_blue"]),
    (100.0, "excellent", OKABE_ITO["bluish_green"]),
)


def lane_of(signal_type: str) -> str:
    """The lane a signal type is drawn in: its own, or "other" for a type not listed."""
    return signal_type if signal_type in SIGNAL_TYPES else OTHER_LANE


def lane_order(signal_types: Iterable[str]) -> list[str]:
    """The signal lanes of these types, top to bottom, as the app and the PDF draw them: the
    product order of ``SIGNAL_TYPES``, then "other"; engagement and disengagement are not lanes
    (they share the engagement row, drawn after the lanes)."""
    lanes = {lane_of(t) for t in signal_types}
    order = [t for t in SIGNAL_TYPES if t in lanes and t not in ENGAGEMENT_SIGNALS]
    return [*order, OTHER_LANE] if OTHER_LANE in lanes else order


def signal_hex(signal_type: str) -> str:
    """The colour of a signal type (unknown types get the neutral grey)."""
    return SIGNAL_COLOURS.get(signal_type, OTHER_COLOUR)


def engagement_hex(state: str) -> str:
    return ENGAGEMENT_COLOURS.get(state, OTHER_COLOUR)


def dimension_hex(dimension: str) -> str:
    return DIMENSION_COLOURS.get(dimension, OTHER_COLOUR)


def band_hex(score: float) -> str:
    for upper, _name, colour in BAND_COLOURS:
        if score < upper:
            return colour
    return BAND_COLOURS[-1][2]


def hex_rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as (r, g, b) 0–255."""
    r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return r, g, b


def tint(colour: str, strength: float) -> tuple[int, int, int]:
    """``colour`` at ``strength`` (0–1) over white, as (r, g, b): a light shade of it."""
    r, g, b = (round(255 - strength * (255 - v)) for v in hex_rgb(colour))
    return r, g, b


def _channel(value: int) -> float:
    v = value / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def hex_luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    r, g, b = hex_rgb(colour)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def hex_contrast(a: str, b: str) -> float:
    """WCAG contrast ratio (1–21) of two ``#rrggbb`` colours."""
    high, low = sorted((hex_luminance(a), hex_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
