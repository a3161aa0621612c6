"""Small widgets: gauge, evidence card, now cue, health line, lag, video preview, drop zone."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QGuiApplication
from waiting import UI_MS

from interhuman_desktop.session.timeline import DIMENSIONS, SessionTimeline, SignalInterval
from interhuman_desktop.ui.cue_hold import CueHold
from interhuman_desktop.ui.widgets.drop_zone import DropZone, video_paths_from_mime
from interhuman_desktop.ui.widgets.evidence import EvidenceCard, describe
from interhuman_desktop.ui.widgets.gauge import QualityGauge
from interhuman_desktop.ui.widgets.health import HealthLine, LagMarker
from interhuman_desktop.ui.widgets.now_cue import NowCue
from interhuman_desktop.ui.widgets.video_preview import VideoPreview


@pytest.mark.parametrize("values", [None, {}, dict.fromkeys(DIMENSIONS, 50.0)])
def test_gauge_no_evidence_states(qtbot, values) -> None:
    gauge = QualityGauge()
    qtbot.addWidget(gauge)
    gauge.set_values(values)
    assert gauge.no_evidence and gauge.index is None
    assert "no evidence" in gauge.accessibleDescription().lower()
    gauge.grab()


def test_gauge_shows_index_and_band(qtbot) -> None:
    gauge = QualityGauge()
    qtbot.addWidget(gauge)
    gauge.set_values({"clarity": 70, "authority": 60, "energy": 80, "rapport": 75,
                      "learning": 65})
    assert not gauge.no_evidence
    assert gauge.index == pytest.approx(70.0)
    assert "(good)" in gauge.accessibleDescription()
    gauge.grab()


def test_evidence_card_loop_and_copy(qtbot) -> None:
    card = EvidenceCard()
    qtbot.addWidget(card)
    assert not card.loop_button.isEnabled()
    interval = SignalInterval("hesitation", 61.25, 64.0, "medium", "Two filled pauses", ["audio"])
    card.set_interval(interval)
    assert "01:01.2 – 01:04.0" in card.range.text() or "01:01.3" in card.range.text()
    with qtbot.waitSignal(card.loopRequested) as blocker:
        card.loop_button.click()
    assert blocker.args == [61.25, 64.0]
    with qtbot.waitSignal(card.copied):
        card.copy_button.click()
    assert "Two filled pauses" in QGuiApplication.clipboard().text()


def test_now_cue_holds_its_cue(qtbot) -> None:
    clock = [0.0]
    cue = NowCue(CueHold(4.0, lambda: clock[0]))
    qtbot.addWidget(cue)
    tl = SessionTimeline()
    assert cue.update_from(tl) is None and "Listening" in cue.title.text()
    tl.signal_detected("confidence", 1.0, "high", "steady")
    assert "Confidence" in cue.update_from(tl).title
    tl.signal_detected("stress", 1.5, "high", "fast speech")
    clock[0] = 2.0
    assert "Confidence" in cue.update_from(tl).title  # held
    clock[0] = 4.5
    assert "Stress" in cue.update_from(tl).title
    assert "fast speech" in cue.detail.text()


def test_health_line_and_lag_marker(qtbot) -> None:
    line = HealthLine()
    qtbot.addWidget(line)
    assert line.text() == "No pipeline running"
    line.set_health({"fps_in": 30, "dropped": 0, "socket": "open", "segments_sent": 4,
                     "last_event_age": 2.0})
    assert line.warnings == [] and "in 30 fps" in line.text() and "sent 4" in line.text()
    line.set_health({"fps_in": 30, "dropped": 3, "socket": "reconnecting"})
    assert len(line.warnings) == 2 and line.text().startswith("⚠")
    lag = LagMarker()
    qtbot.addWidget(lag)
    lag.set_lag(10.4)
    assert lag.label.text() == "Analysis 10.4 s behind" and lag.bar.value() > 0


def test_video_preview_pulls_frames_and_shows_rec(qtbot) -> None:
    frame = np.zeros((90, 160, 3), np.uint8)
    frame[:, :, 2] = 255  # red in BGR
    preview = VideoPreview(lambda: frame)
    qtbot.addWidget(preview)
    preview.show()
    preview.start()
    qtbot.waitUntil(lambda: preview.frames_shown >= 2, timeout=UI_MS)
    preview.stop()
    image = preview.current_image()
    assert image is not None and image.pixelColor(5, 5).red() == 255
    preview.set_recording(True)
    assert preview.recording
    preview.grab()


def test_drop_zone_filters_video_files(qtbot, tmp_path) -> None:
    zone = DropZone()
    qtbot.addWidget(zone)
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "b.MOV").write_bytes(b"x")
    (folder / "readme.md").write_text("x")
    single = tmp_path / "a.webm"
    single.write_bytes(b"x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(single)), QUrl.fromLocalFile(str(folder)),
                  QUrl("https://example.com/x.mp4")])
    with qtbot.waitSignal(zone.filesDropped) as files, \
            qtbot.waitSignal(zone.foldersDropped) as folders:
        zone.accept_mime(mime)
    assert files.args[0] == [single] and folders.args[0] == [folder]  # a folder is a batch
    assert video_paths_from_mime(mime) == [single, folder / "b.MOV"]  # what a drag accepts


def test_health_warns_before_the_session_cap(qtbot) -> None:
    line = HealthLine()
    qtbot.addWidget(line)
    line.set_health({"socket": "open", "session_age": 56 * 60})
    assert any("60-minute" in w for w in line.warnings)


def test_analyze_queue_shows_progress_and_actions(qtbot, tmp_path) -> None:
    from interhuman_desktop.ui.views.analyze import AnalyzeView

    view = AnalyzeView()
    qtbot.addWidget(view)
    clip = tmp_path / "call.mp4"
    clip.write_bytes(b"\0" * 20_000)
    with qtbot.waitSignal(view.filesAdded):
        view.add_files([clip, clip])
    assert view.files == [clip]
    card = view.card(clip)
    view.set_status(clip, "Uploading 40 %", 0.4)
    assert card.bar.value() == 400 and card.visible_actions() == ["cancel"]
    with qtbot.waitSignal(view.cancelRequested) as blocker:
        card.buttons["cancel"].click()
    assert blocker.args == [clip]
    view.set_status(clip, "Done", done=True)
    assert card.visible_actions() == ["open", "remove"]
    with qtbot.waitSignal(view.openRequested):
        card.buttons["open"].click()
    card.buttons["remove"].click()
    assert view.files == [] and view._pages.currentIndex() == 0


def test_health_line_reads_the_pipeline_health_names(qtbot) -> None:
    line = HealthLine()
    qtbot.addWidget(line)
    line.set_health({"state": "streaming", "elapsed": 65.2, "fps_in": 29.8, "fps_out": 29.8,
                     "frames_dropped": 2, "encode_lag": 0.12, "queue_depth": 1,
                     "segments_sent": 12, "segments_acknowledged": 11, "segments_pending": 1,
                     "segments_lost": 0, "reconnects": 1, "socket": "retrying in 2.0 s",
                     "last_event_age": None})
    text = line.text()
    assert "streaming" in text and "dropped 2" in text and "acked 11" in text
    assert "session 65 s" in text and "last event" not in text
    assert len(line.warnings) == 2  # dropped frames, socket not open


def test_evidence_card_says_when_a_signal_was_analysed_after_the_session(qtbot) -> None:
    card = EvidenceCard()
    qtbot.addWidget(card)
    live = SignalInterval("stress", 1.0, 4.0, "high", "voice pitch raised")
    card.set_interval(live)
    assert "after the session" not in card.range.text()
    late = SignalInterval("stress", 6.0, 9.0, "high", "voice pitch raised", after_session=True)
    card.set_interval(late)
    assert "analysed after the session" in card.range.text()
    assert "Analysed after the session" in describe(late)
    assert "after the session" not in describe(live)
