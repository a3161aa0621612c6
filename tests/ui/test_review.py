"""ReviewView: the player and the lanes in lock-step, driven by the player's position.

QMediaPlayer (FFmpeg backend) loads and seeks a real mp4 offscreen here; it needs libpulse0
installed to import QtMultimedia at all.
"""

from __future__ import annotations

import pytest
from media_factory import make_clip
from PySide6.QtCore import Qt
from waiting import UI_MS

from interhuman_desktop.resources import sample_clip
from interhuman_desktop.ui.views.review import ReviewView


@pytest.fixture
def review(qtbot, tmp_path, timeline):
    clip = make_clip(tmp_path / "a.mp4", seconds=6)
    view = ReviewView()
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    view.load(clip, timeline)
    assert view.player.available
    qtbot.waitUntil(lambda: view.player.duration() > 5.0, timeout=UI_MS)
    yield view
    view.unload()


def position(view: ReviewView) -> float:
    return view.player.position()


def test_clicking_a_signal_seeks_the_player(qtbot, review) -> None:
    stress = review.timeline.signals[1]
    review.lanes.signalClicked.emit(stress)
    qtbot.waitUntil(lambda: abs(position(review) - stress.start) < 0.05, timeout=UI_MS)
    assert review.selected is stress
    assert review.evidence.interval is stress
    assert "stress rationale" in review.evidence.detail.text()


def test_playhead_follows_the_player_position(qtbot, review) -> None:
    review.player.seek(3.2)
    qtbot.waitUntil(lambda: abs(review.lanes._overlays._playhead.value() - 3.2) < 0.05,
                    timeout=UI_MS)
    assert review.ui.time_label.text().startswith("00:03.2")


def test_n_and_p_select_next_and_previous_signal(qtbot, review) -> None:
    review.activateWindow()
    review.setFocus()
    qtbot.waitUntil(review.isActiveWindow, timeout=UI_MS)
    starts = sorted(s.start for s in review.timeline.signals)
    seen = []
    for _ in starts:
        qtbot.keyClick(review, Qt.Key.Key_N)
        seen.append(review.selected.start)
    assert seen == starts
    qtbot.keyClick(review, Qt.Key.Key_P)
    assert review.selected.start == starts[-2]
    qtbot.waitUntil(lambda: abs(position(review) - starts[-2]) < 0.05, timeout=UI_MS)


def test_arrow_keys_step_and_shift_n_stays_in_lane(qtbot, review) -> None:
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow, timeout=UI_MS)
    review.seek(2.0)
    qtbot.keyClick(review, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: abs(position(review) - 3.0) < 0.05, timeout=UI_MS)
    qtbot.keyClick(review, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: position(review) < 0.05, timeout=UI_MS)
    review.select_signal(review.timeline.signals[0])  # confidence 0.5
    qtbot.keyClick(review, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert review.selected is review.timeline.signals[2]  # the next confidence, not stress


def test_loop_this_moment_loops_the_player(qtbot, review) -> None:
    first = review.timeline.signals[0]  # 0.5–1.5
    review.select_signal(first)
    review.evidence.loop_button.click()
    assert review.player.loop == (0.5, 1.5)
    qtbot.waitUntil(review.player.is_playing, timeout=UI_MS)
    positions: list[float] = []
    review.player.positionChanged.connect(positions.append)

    def wrapped() -> bool:  # past the loop's middle, then back before it
        late = next((i for i, p in enumerate(positions) if p >= 1.2), None)
        return late is not None and any(p < 1.0 for p in positions[late:])

    qtbot.waitUntil(wrapped, timeout=UI_MS)
    review.player.pause()
    assert max(positions) < 1.5 + 0.1
    review.clear_loop()
    assert review.player.loop is None


def test_timeline_only_and_empty_state(qtbot, timeline) -> None:
    view = ReviewView()
    qtbot.addWidget(view)
    assert view._pages.currentIndex() == 0  # empty state first
    view.load(None, timeline)
    view.lanes.seekRequested.emit(2.5)
    assert view.player.position() == pytest.approx(2.5)
    assert view.lanes._overlays._playhead.value() == pytest.approx(2.5)
    view.unload()
    assert view._pages.currentIndex() == 0


def test_shortcuts_work_while_the_lanes_have_focus(qtbot, review) -> None:
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow, timeout=UI_MS)
    plot = review.lanes._plot
    plot.setFocus()
    review.seek(1.0)
    qtbot.keyClick(plot, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: abs(position(review) - 2.0) < 0.05, timeout=UI_MS)
    qtbot.keyClick(plot, Qt.Key.Key_Space)
    qtbot.waitUntil(review.player.is_playing, timeout=UI_MS)
    qtbot.keyClick(plot, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not review.player.is_playing(), timeout=UI_MS)


def test_a_seek_before_the_media_loaded_is_applied_and_shows_a_frame(qtbot, tmp_path,
                                                                     timeline) -> None:
    clip = make_clip(tmp_path / "b.mp4", seconds=6)
    view = ReviewView()
    qtbot.addWidget(view)
    view.show()
    view.load(clip, timeline)
    stress = timeline.signals[1]
    view.select_signal(stress)  # immediately: the player is still loading
    qtbot.waitUntil(lambda: view.player.duration() > 5.0, timeout=UI_MS)
    qtbot.waitUntil(lambda: abs(view.player.media_player.position() / 1000 - stress.start) < 0.05,
                    timeout=UI_MS)
    qtbot.waitUntil(lambda: view.ui.video.current_image() is not None, timeout=UI_MS)
    assert not view.player.is_playing()
    view.unload()


def test_zoom_keys_scale_the_timeline_around_the_playhead(qtbot, review) -> None:
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow, timeout=UI_MS)
    review.seek(3.0)
    x0, x1 = review.lanes.x_range()
    qtbot.keyClick(review, Qt.Key.Key_Plus)
    z0, z1 = review.lanes.x_range()
    assert (z1 - z0) == pytest.approx((x1 - x0) / 2, rel=0.05) and z0 <= 3.0 <= z1
    qtbot.keyClick(review, Qt.Key.Key_0)
    assert review.lanes.x_range()[1] - review.lanes.x_range()[0] > (z1 - z0) * 1.5


def test_delivery_is_measured_for_the_open_recording(qtbot, tmp_path, timeline) -> None:
    clip = tmp_path / "talk.mp4"  # real speech: a tone is not talk time (delivery/speech.py)
    clip.write_bytes(sample_clip().read_bytes())
    view = ReviewView()
    qtbot.addWidget(view)
    view.load(clip, timeline)
    panel = view.ui.delivery
    qtbot.waitUntil(lambda: "Talk time" in panel.text, timeout=UI_MS)
    assert "Talk time: 9 s" in panel.text and "Pauses: 4 (longest" in panel.text
    view.load(None, timeline)
    assert panel.text == "No recording: no delivery metrics."
    mute = make_clip(tmp_path / "mute.mp4", seconds=3, audio=False)
    view.load(mute, timeline)
    qtbot.waitUntil(lambda: "no sound" in panel.text, timeout=UI_MS)
    view.unload()


def test_opening_the_shown_recording_again_shows_its_picture(qtbot, review, timeline) -> None:
    """Qt sends no status change for the same source: the player must show it anyway (the
    Library's "Open in Review" on the entry Review already shows left "Loading video…")."""
    frames: list = []
    review.player.frameReady.connect(frames.append)
    qtbot.waitUntil(lambda: review.player.duration() > 5.0, timeout=UI_MS)
    review.player.seek(2.0)
    qtbot.waitUntil(lambda: bool(frames), timeout=UI_MS)
    frames.clear()
    review.load(review.media_path, timeline)
    qtbot.waitUntil(lambda: bool(frames), timeout=UI_MS)
    assert review.player.position() < 1.0
