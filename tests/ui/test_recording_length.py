"""One length for a recording (walkthrough 2: the Review header said "01:06.8 long", the player
"/01:05.1" and the summary "01:07 recorded"): the media's duration once it is known, the
recording clock's before, in one format (``ui.timefmt.fmt_length``) everywhere."""

from __future__ import annotations

from media_factory import make_clip
from waiting import until

from interhuman_desktop.encode.remux import media_duration
from interhuman_desktop.session import library_sync
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.timefmt import fmt_length
from interhuman_desktop.ui.views.review import ReviewView
from interhuman_desktop.ui.widgets.session_summary import SessionSummary


def test_header_player_and_summary_say_one_length(qtbot, qasync_loop, tmp_path,
                                                  timeline) -> None:
    session = tmp_path / "session"
    session.mkdir()
    recording = make_clip(session / "recording.mp4", seconds=7.8)
    assert timeline.media_end <= 6.0  # the last analysed moment: not the recording's length
    library = AsyncLibrary(tmp_path / "lib")
    review = ReviewView()
    qtbot.addWidget(review)
    summary = SessionSummary()
    qtbot.addWidget(summary)

    async def scenario() -> None:
        entry = await library_sync.save_live_session(
            library, session, recording, timeline, title="Live session 2026-12-07 16:12")
        assert entry.media is not None
        assert abs(entry.duration - media_duration(entry.media)) < 1e-6  # the media's own
        length = fmt_length(entry.duration)
        summary.begin(7.93, None, [], [])  # at Stop: the recording clock
        assert summary.heading.text() == "Session summary · 00:07.9 recorded"
        summary.set_source(library, entry)  # saved: the media's length from now on
        assert summary.heading.text() == f"Session summary · {length} recorded"
        review.load(entry.media, timeline, entry)
        assert f"{length} long" in review.ui.header.text()
        assert review.ui.time_label.text() == f"00:00.0 / {length}"  # not the timeline's end
        if review.player.available:  # the player's own figure does not replace it
            await until(lambda: review.player.duration() > 0, what="the player's duration")
            review.seek(1.0)
            await until(lambda: review.ui.time_label.text().startswith("00:01.0"),
                        what="the position")
            assert review.ui.time_label.text() == f"00:01.0 / {length}"
        await summary.tasks.wait()  # its markers read from the library

    qasync_loop.run_until_complete(scenario())
    review.unload()
    library.close()


def test_one_format_for_lengths() -> None:
    assert fmt_length(66.8) == "01:06.8"
    assert fmt_length(66.96) == "01:07.0"  # rounded once, to a tenth
    assert fmt_length(3725.04) == "1:02:05.0"
    assert fmt_length(None) == "--:--"
