"""Scores with their basis (the cues each CQI dimension came from, "no evidence" where none did),
one engagement lane with a legend, and a dark theme where unchecked boxes and low-likelihood
bars stay visible."""

from __future__ import annotations

from media_factory import make_clip
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleOptionButton
from waiting import until

from interhuman_desktop.config.settings import AppSettings
from interhuman_desktop.engine.analysis.cqi import CQAccumulator, window_scores
from interhuman_desktop.engine.analysis.cues import WindowCues
from interhuman_desktop.session.backend import BackendProvider
from interhuman_desktop.session.file_analysis import JobState
from interhuman_desktop.session.file_queue import FileQueue
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui import theme
from interhuman_desktop.ui.widgets.gauge import QualityGauge
from interhuman_desktop.ui.widgets.lanes import SignalLanesWidget


def test_a_local_analysis_carries_the_basis_of_each_dimension(qtbot, qasync_loop,
                                                             tmp_path) -> None:
    clip = make_clip(tmp_path / "face.mp4", seconds=4, face=True)
    provider = BackendProvider(lambda: AppSettings(), lambda _t: None)
    queue = FileQueue(provider.client)

    async def scenario():
        job = queue.add(clip)
        await until(lambda: job.state in (JobState.DONE, JobState.FAILED), 300, "the analysis")
        await provider.aclose()
        return job

    job = qasync_loop.run_until_complete(scenario())
    assert job.state == JobState.DONE, job.error
    basis = job.timeline.quality_basis
    raw_overall = job.raw_results[0]["conversation_quality"]["overall"]
    assert basis is not None and "learning" not in basis  # no cue bears on learning
    assert set(basis) <= {"clarity", "authority", "energy", "rapport"} and basis
    gauge = QualityGauge()
    qtbot.addWidget(gauge)
    gauge.set_values(job.timeline.quality_overall)
    gauge.set_basis(basis)
    assert job.timeline.quality_overall == raw_overall  # the numbers are the engine's
    assert gauge.basis_text("learning").startswith("Learning: no evidence")
    dim = next(iter(basis))
    assert gauge.basis_text(dim).endswith(f"from: {', '.join(basis[dim])}.")
    again = SessionTimeline.from_dict(job.timeline.to_dict())  # kept in the library's json
    assert again.quality_basis == basis


def test_the_basis_names_cues_and_leaves_the_numbers_alone() -> None:
    cues = WindowCues(start=0.0, end=3.0, speaking_ratio=0.0, loudness_db=-50.0)  # silent
    scores = window_scores(cues)
    acc = CQAccumulator()
    acc.add(scores)
    assert acc.basis() == {"clarity": ["speaking time and long pauses"],
                           "energy": ["speaking time", "loudness"]}
    assert scores.evidence == set(acc.basis())
    assert scores.values["rapport"] == 50.0 and "rapport" not in acc.basis()


def test_gauge_rows_say_no_evidence_and_their_basis_on_hover(qtbot) -> None:
    gauge = QualityGauge()
    qtbot.addWidget(gauge)
    gauge.resize(460, 170)
    gauge.show()
    gauge.set_values({"clarity": 62, "authority": 50, "energy": 40, "rapport": 50,
                      "learning": 50})
    gauge.set_basis({"clarity": ["speaking time and long pauses"], "energy": ["loudness"]})
    assert gauge.has_evidence("clarity") and not gauge.has_evidence("rapport")
    rect = gauge._bars_rect()
    row_h = rect.height() / 5
    assert gauge._row_at(rect.left() + 5, rect.top() + 3.5 * row_h) == "rapport"
    assert "no evidence" in gauge.basis_text("rapport")
    gauge.set_basis(None)  # the cloud does not say
    assert "does not say" in gauge.basis_text("clarity") and gauge.has_evidence("rapport")


def test_one_engagement_lane_with_its_signals_in_a_strip_and_a_legend(qtbot) -> None:
    tl = SessionTimeline()
    for kind, a, b in (("engagement", 0.5, 2.0), ("disengagement", 3.0, 4.0),
                       ("stress", 1.0, 2.0)):
        tl.signal_detected(kind, a, "low")
        tl.signal_ended(kind, b)
    tl.engagement_changed("engaged", 0.0)
    tl.media_end = 5.0
    lanes = SignalLanesWidget()
    qtbot.addWidget(lanes)
    lanes.set_timeline(tl)
    assert lanes.lanes == ["stress", "Engagement", "Quality index"]
    eng = lanes.lanes.index("Engagement")
    hit = lanes.interval_at(3.5, eng + 0.2)  # the strip at the top of the row
    assert hit is not None and hit.signal_type == "disengagement"
    assert lanes.interval_at(3.5, eng + 0.7) is None  # the band below: a click seeks
    assert "more likely" in lanes.legend.text() and "lag" not in lanes.legend.text()
    lanes.set_now(4.5)
    assert "the lag" in lanes.legend.text()


def test_dark_theme_low_likelihood_bars_and_unchecked_boxes_are_visible(qtbot) -> None:
    app = QApplication.instance()
    base = QColor("#17181a")  # the dark Base the lanes draw on
    for kind in theme.SIGNAL_TYPES:
        colour = theme.signal_colour(kind)
        fill = theme.over(colour, theme.probability_alpha("low", True), base)
        light_fill = theme.over(colour, theme.probability_alpha("low", False), base)
        assert theme.contrast(fill, base) >= 2.4, kind
        assert theme.contrast(fill, base) > theme.contrast(light_fill, base)
        assert theme.contrast(colour, base) >= 3.0, kind  # the outline of a low bar
    try:
        theme.apply_theme(app, "dark")
        box = QCheckBox("Clarity")
        qtbot.addWidget(box)
        box.show()
        image = box.grab().toImage()
        option = QStyleOptionButton()
        option.initFrom(box)
        rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        window = box.palette().color(box.backgroundRole())
        best = max(theme.contrast(QColor(image.pixel(QPoint(x, y))), window)
                   for x in range(rect.left(), rect.right() + 1)
                   for y in range(rect.top(), rect.bottom() + 1))
        assert best >= 3.0  # WCAG 1.4.11: a control's edge against its background
    finally:
        theme.apply_theme(app, "light")


def test_a_theme_switch_recolours_the_legend_and_the_drop_zone_text(qtbot) -> None:
    from interhuman_desktop.ui.views.analyze import AnalyzeView

    app = QApplication.instance()
    view = AnalyzeView()
    lanes = SignalLanesWidget()
    for w in (view, lanes):
        qtbot.addWidget(w)
        w.show()
    try:
        theme.apply_theme(app, "light")
        theme.apply_theme(app, "dark")
        window = QColor("#202124")
        for label in (view.drop_zone.label, lanes.legend):
            qtbot.waitUntil(lambda lb=label: theme.contrast(
                lb.palette().color(lb.foregroundRole()), window) > 4.5, timeout=5000)
    finally:
        theme.apply_theme(app, "light")


def test_a_theme_switch_recolours_the_library_table(qtbot) -> None:
    from interhuman_desktop.ui.views.library import LibraryView

    app = QApplication.instance()
    view = LibraryView()
    qtbot.addWidget(view)
    view._pages.setCurrentIndex(1)
    view.show()
    try:
        theme.apply_theme(app, "light")
        theme.apply_theme(app, "dark")
        qtbot.waitUntil(lambda: view.table.palette().color(
            view.table.backgroundRole()).lightness() < 80, timeout=5000)
    finally:
        theme.apply_theme(app, "light")
