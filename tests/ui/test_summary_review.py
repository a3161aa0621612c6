"""The summary at Stop after a real session saved in the library (issue 12 leftovers): its
markers follow the edits made in Review, its top moments show their whole rationale, and a
click on one selects that signal in Review (not only the time)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

from live_helpers import ClockHandle
from PySide6.QtCore import QPoint, Qt
from waiting import until

from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
from interhuman_desktop.engine.analysis.cues import WindowCues
from interhuman_desktop.engine.analysis.mapping import engagement
from interhuman_desktop.session.timeline import DIMENSIONS, SessionTimeline
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.mp4"


def real_rationale() -> str:
    """What the local engine writes for an engaged window (its own wording, 140+ chars)."""
    cues = WindowCues(start=0.0, end=8.0, frames=240, face_ratio=1.0, centred_ratio=1.0,
                      facing_ratio=1.0, gaze_ratio=1.0, speaking_ratio=0.75, happy_ratio=1.0,
                      expression_ratio=1.0, smile_ratio=1.0)
    estimate = engagement(cues)
    assert estimate is not None and len(estimate.rationale) > 120
    return estimate.rationale


class FolderHandle(ClockHandle):
    """A session recording into a folder the library keeps (the real handle's shape)."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder, self.source = folder, "synthetic"
        folder.mkdir()
        shutil.copy2(SAMPLE, folder / "recording.mp4")

    async def stop(self):
        self.stopped = True
        return SimpleNamespace(recording=self.folder / "recording.mp4")


def _timeline(rationale: str) -> SessionTimeline:
    tl = SessionTimeline()
    for kind, a, b, prob, text in (("engagement", 2.0, 10.0, "high", rationale),
                                   ("stress", 12.0, 13.0, "medium", "voice tense"),
                                   ("confidence", 14.0, 20.0, "high", "steady voice")):
        tl.signal_detected(kind, a, prob, text, ["video"])
        tl.signal_ended(kind, b)
    tl.quality_updated(dict.fromkeys(DIMENSIONS, 60.0), [])
    return tl


def test_summary_markers_follow_review_and_moments_select_their_signal(
        qtbot, qasync_loop, qsettings, tmp_path) -> None:
    rationale = real_rationale()
    handle = FolderHandle(tmp_path / "session")
    handle.timeline = _timeline(rationale)

    async def factory(_request):
        return handle

    window = MainWindow(MemorySettingsStore(AppSettings(consent_given=True)),
                        qsettings=qsettings, library=AsyncLibrary(tmp_path / "lib"),
                        live_factory=factory)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    summary, review = window.live.summary, window.review

    async def scenario() -> None:
        window.start_services()
        window.live_session.start()
        await until(lambda: window.live_session.recording, what="the session")
        for t, note in ((12.0, "good opening"), (30.0, "lost the thread")):
            handle.elapsed = t
            window.live_session.add_marker(note)
        handle.elapsed = 40.0
        window.live_session.stop()
        await until(lambda: review.entry is not None, what="the saved session in Review")
        await window.library_ctl.wait()
        await window.live_session.tasks.wait()
        await summary.tasks.wait()
        assert "good opening" in summary.markers.text()
        assert "lost the thread" in summary.markers.text()

        # Edit one marker and delete the other in Review: the summary shows it when shown again.
        window.show_view("Review")
        review.markers.list.setCurrentRow(0)
        review.markers.set_note(review.markers.selected(), "strong opening")
        review.markers.list.setCurrentRow(1)
        review.markers.delete_selected()
        await window.library_ctl.wait()
        window.show_view("Live")
        await until(lambda: "strong opening" in summary.markers.text(), what="the edited note")
        assert "lost the thread" not in summary.markers.text()
        assert "good opening" not in summary.markers.text()

        # The long rationale is shown whole (wrapped), not cut.
        row = next(r for r in summary.moment_rows if r.moment.signal_type == "engagement")
        await until(lambda: row.detail.isVisible(), what="the moment's rationale")
        assert row.detail.text() == rationale and row.detail.wordWrap()
        assert row.detail.height() >= row.detail.heightForWidth(row.detail.width())
        right = row.detail.mapTo(summary.viewport(), QPoint(row.detail.width(), 0)).x()
        assert right <= summary.viewport().width()  # not clipped on the right either
        assert rationale not in row.button.text()

        # A click on the moment's rationale opens Review on that very signal.
        qtbot.mouseClick(row.detail, Qt.MouseButton.LeftButton)
        assert window.current_view_name() == "Review"
        selected = review.selected
        assert selected is not None
        assert (selected.signal_type, selected.start) == ("engagement", 2.0)
        assert review.evidence.detail.text() == rationale
        await until(lambda: abs(review.player.position() - 2.0) < 0.3, what="the seek")
        window.show_view("Live")
        confidence = next(b for b in summary.moment_buttons if "Confidence" in b.text())
        confidence.click()
        assert review.selected is not None and review.selected.signal_type == "confidence"
        assert review.evidence.detail.text() == "steady voice"

        # Review shows another recording now: the moment reopens the session's own.
        session = review.entry
        other = await window.library_ctl.save_file(SAMPLE, _timeline("another take"), None,
                                                   20.0)
        window.library.select(other.id)
        window.library.open_selected()
        await until(lambda: review.entry is not None and review.entry.id == other.id,
                    what="another entry in Review")
        window.show_view("Live")
        summary.moment_buttons[0].click()
        await until(lambda: review.entry is not None and review.entry.id == session.id,
                    what="the session back in Review")
        assert window.current_view_name() == "Review"
        assert review.selected is not None and review.selected.start == 2.0
        assert review.evidence.detail.text() == rationale
        await window.library_ctl.wait()
        await window.aclose()
        review.unload()

    qasync_loop.run_until_complete(scenario())
