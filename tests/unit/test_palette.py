"""One colour per signal type everywhere: ``core.palette`` (Qt-free) is what the app's lanes
(``ui.theme.signal_colour``) and the PDF report's chart (``export.report_chart``) both draw."""

from __future__ import annotations

import itertools

from matplotlib.colors import to_hex
from PySide6.QtGui import QColor

from interhuman_desktop.core import palette
from interhuman_desktop.export.report_chart import lanes_figure
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui import theme

LIGHT_CHART, DARK_CHART = "#ffffff", "#17181a"  # the Base colours of build_palette


def _every_type() -> SessionTimeline:
    """Each known type once and one unknown, every engagement state (hand-made)."""
    tl = SessionTimeline()
    for i, kind in enumerate((*palette.SIGNAL_TYPES, "made_up_type")):
        tl.signal_detected(kind, 2.0 * i, "high", "test")
        tl.signal_ended(kind, 2.0 * i + 1.5)
    for i, state in enumerate(palette.ENGAGEMENT_COLOURS):
        tl.engagement_changed(state, 5.0 * i)
    tl.media_end = 30.0
    return tl


def _chart_colours(prefix: str) -> dict[str, set[str]]:
    figure = lanes_figure(_every_type(), 30.0)
    found: dict[str, set[str]] = {}
    for ax in figure.axes:
        for collection in ax.collections:
            gid = collection.get_gid() or ""
            if gid.startswith(prefix):
                found.setdefault(gid[len(prefix):], set()).update(
                    to_hex(c) for c in collection.get_facecolors())
    return found


def test_the_pdf_chart_draws_each_signal_type_in_the_app_colour() -> None:
    drawn = _chart_colours("signal:")
    assert set(drawn) == {*palette.SIGNAL_TYPES, "made_up_type"}
    for kind, colours in drawn.items():
        assert colours == {theme.signal_colour(kind).name()}, kind


def test_the_pdf_chart_draws_engagement_states_in_the_app_colour() -> None:
    drawn = _chart_colours("engagement:")
    assert set(drawn) == set(theme.ENGAGEMENT_COLOURS)
    for state, colours in drawn.items():
        assert colours == {theme.ENGAGEMENT_COLOURS[state].lower()}, state


def test_signal_types_have_distinct_colours() -> None:
    colours = [palette.signal_hex(t) for t in palette.SIGNAL_TYPES]
    assert len(set(colours)) == len(colours)
    assert palette.signal_hex("made_up_type") not in colours  # "other" is its own grey


def test_every_series_colour_is_visible_on_both_chart_backgrounds() -> None:
    series = [*palette.SIGNAL_COLOURS.values(), *palette.DIMENSION_COLOURS.values(),
              palette.OTHER_COLOUR]
    for colour, background in itertools.product(series, (LIGHT_CHART, DARK_CHART)):
        assert palette.hex_contrast(colour, background) >= 3.0, (colour, background)


def test_hex_contrast_matches_the_qt_one() -> None:
    for a, b in itertools.combinations([*palette.OKABE_ITO.values(), LIGHT_CHART, DARK_CHART], 2):
        qt = theme.contrast(QColor(a), QColor(b))
        assert abs(palette.hex_contrast(a, b) - qt) < 0.01, (a, b)


def test_the_pdf_gauge_bands_are_light_shades_of_the_app_band_colours() -> None:
    from interhuman_desktop.export.pdf_sections import BAND_SHADES

    assert len(BAND_SHADES) == len(palette.BAND_COLOURS)
    for shade, (_upper, name, colour) in zip(BAND_SHADES, palette.BAND_COLOURS, strict=True):
        pdf, app = QColor(*shade), QColor(colour)
        assert abs(pdf.hslHue() - app.hslHue()) <= 12, name  # the same hue
        assert pdf.lightness() > app.lightness() + 30, name  # lighter, for the bar over it
