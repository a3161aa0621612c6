"""A sound-only recording in Review and in Compare's panes (QMediaPlayer, FFmpeg backend, real
files offscreen): it plays, and the picture area says "Sound only – no picture" instead of
"Loading video…" forever: at once for a ``recording.wav``, and once the player has loaded a
sound-only file whose name does not tell (an ``.mp4`` with no video track)."""

from __future__ import annotations

from audio_helpers import speech_wav
from media_factory import make_clip
from waiting import UI_MS

from interhuman_desktop.session.compare import Take, compare
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.ui.views.compare import CompareView
from interhuman_desktop.ui.views.review import ReviewView


def test_review_says_sound_only_for_a_recording_without_picture(qtbot, tmp_path,
                                                               timeline) -> None:
    wav = speech_wav(tmp_path / "recording.wav")
    voice = make_clip(tmp_path / "voice.mp4", seconds=6, video=False)
    clip = make_clip(tmp_path / "talk.mp4", seconds=6)
    view = ReviewView()
    qtbot.addWidget(view)
    view.show()
    try:
        view.load(wav, timeline)
        assert view.ui.video.placeholder == "Sound only – no picture"
        view.load(voice, timeline)  # before the wav loaded; the name does not tell: the player
        qtbot.waitUntil(lambda: view.ui.video.placeholder == "Sound only – no picture",
                        timeout=UI_MS)
        assert view.player.duration() > 5.0
        view.player.play()
        qtbot.waitUntil(lambda: view.player.position() > 0.3, timeout=UI_MS)  # it plays
        view.player.pause()
        view.load(clip, timeline)  # a video again: its frame, not "sound only"
        qtbot.waitUntil(lambda: view.ui.video.current_image() is not None, timeout=UI_MS)
        assert view.ui.video.placeholder == "Loading video…"
    finally:
        view.unload()


def test_compare_panes_say_sound_only(qtbot, tmp_path) -> None:
    clip = make_clip(tmp_path / "talk.mp4", seconds=6)
    voice = make_clip(tmp_path / "voice.mp4", seconds=6, video=False)
    tl = SessionTimeline()
    tl.media_end = 6.0
    view = CompareView()
    qtbot.addWidget(view)
    view.show()
    try:
        comparison = compare(Take("take 40 b", "2026-12-07", 6.0, tl),
                             Take("Live session 16:32", "2026-12-07", 6.0, tl))
        view.load(comparison, clip, voice)
        qtbot.waitUntil(lambda: view.b.video.placeholder ==
                        "Live session 16:32: sound only – no picture", timeout=UI_MS)
        qtbot.waitUntil(lambda: view.a.video.current_image() is not None, timeout=UI_MS)
        view.load(comparison, clip, speech_wav(tmp_path / "recording.wav"))
        assert view.b.video.placeholder == "Live session 16:32: sound only – no picture"
    finally:
        view.unload()
