"""Score changes only where both sessions had evidence: a microphone-only session (no cue bore on
rapport or learning) against an earlier one shows "no evidence" and no change for those, and
its index change counts only the dimensions with evidence in both; the summary compares with
an earlier session of the same kind (microphone only or camera) first. Real library (SQLite)."""

from __future__ import annotations

import json

import pytest
from audio_helpers import speech_wav
from media_factory import make_clip

from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.live_summary import changes, evidence_of, previous_session
from interhuman_desktop.ui.widgets.session_summary import SessionSummary

VIDEO = {"clarity": 86.0, "authority": 65.0, "energy": 81.0, "rapport": 89.0, "learning": 50.0}
VOICE = {"clarity": 87.0, "authority": 45.0, "energy": 83.0, "rapport": 50.0, "learning": 50.0}
CUES = {"clarity": ["confidence"], "authority": ["confidence"], "energy": ["interest"],
        "rapport": ["engagement"], "learning": []}
VOICE_CUES = {**CUES, "rapport": [], "authority": ["hesitation"]}


def _timeline(values: dict[str, float], basis: dict[str, list[str]]) -> SessionTimeline:
    tl = SessionTimeline()
    tl.quality_updated(values, [])
    tl.quality_basis = basis
    tl.media_end = 30.0
    return tl


def _cells(summary: SessionSummary) -> dict[str, str]:
    """The quality grid as shown: "rapport score" → its text."""
    grid, out = summary.quality, {}
    for row in range(grid.rowCount()):
        for col in range(3):
            item = grid.itemAtPosition(row, col)
            if item is not None and item.widget() is not None:
                out[item.widget().accessibleName()] = item.widget().text()
    return out


def test_changes_skip_dimensions_without_evidence() -> None:
    now, before = _timeline(VOICE, VOICE_CUES), _timeline(VIDEO, CUES)
    delta = changes(VOICE, VIDEO, evidence_of(now), evidence_of(before))
    assert set(delta) == {"clarity", "authority", "energy", "index"}  # not rapport, learning
    assert delta["index"] == pytest.approx((1 - 20 + 2) / 3)
    assert changes(VOICE, VIDEO)["rapport"] == pytest.approx(-39)  # without a basis: scores


def test_the_summary_prefers_the_same_kind_and_shows_no_evidence(qtbot, qasync_loop,
                                                                  tmp_path) -> None:
    library = AsyncLibrary(tmp_path / "lib")
    wav = speech_wav(tmp_path / "recording.wav")
    mp4 = make_clip(tmp_path / "recording.mp4", seconds=4)
    older_voice = {**VOICE, "clarity": 80.0}

    async def add(title: str, when: str, media, tl: SessionTimeline):
        folder = await library.call("new_folder")
        (folder / "timeline.json").write_text(json.dumps(tl.to_dict()))
        return await library.call("add", folder=folder, kind="live", title=title, media=media,
                                  created_at=when)

    async def scenario():
        await add("Live session 2026-12-07 16:00", "2026-12-07T16:00:00+00:00", wav,
                  _timeline(older_voice, VOICE_CUES))
        await add("Live session 2026-12-07 16:30", "2026-12-07T16:30:00+00:00", mp4,
                  _timeline(VIDEO, CUES))
        now = await add("Live session 2026-12-07 16:32", "2026-12-07T16:32:00+00:00", wav,
                        _timeline(VOICE, VOICE_CUES))
        return await previous_session(library, now)

    previous = qasync_loop.run_until_complete(scenario())
    assert previous is not None and previous.title == "Live session 2026-12-07 16:00"
    assert previous.sound_only is True and "rapport" not in (previous.evidence or ())
    summary = SessionSummary()
    qtbot.addWidget(summary)
    now_tl = _timeline(VOICE, VOICE_CUES)
    summary.begin(30.0, VOICE, [], [], evidence_of(now_tl))
    camera = _timeline(VIDEO, CUES)  # against the camera session: rapport has no change
    for prev in (previous, type(previous)("camera", VIDEO, evidence_of(camera), False)):
        summary.set_previous(prev)
        cells = _cells(summary)
        assert cells["rapport score"] == "no evidence" and cells["rapport change"] == "–"
        assert cells["learning change"] == "–"
        assert "only the dimensions with evidence in both" in summary.compared.text()
    assert cells["authority change"] == "-20" and cells["clarity change"] == "+1"
    assert "-6" in summary.quality_title.text()  # (1 − 20 + 2) / 3, not 63 − 74
    library.close()
