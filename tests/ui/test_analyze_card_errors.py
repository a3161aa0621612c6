"""A failed job on its Analyze card: the error's text once (status line, then what to do and
the ids below it; "Copy details" still copies all), and Retry only for a failure that another
attempt could mend (the classifier of ``api.retry``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from interhuman_desktop.api.errors import (
    AuthError,
    NetworkError,
    RequestRejectedError,
    ServerError,
)
from interhuman_desktop.encode.fit import FitError
from interhuman_desktop.session.file_analysis import FileJob, JobState
from interhuman_desktop.ui.views.analyze import AnalyzeView
from interhuman_desktop.ui.views.analyze_cards import show_job

NO_AUDIO = RequestRejectedError("The file has no audio track", status=422, error_id="ih5008",
                                correlation_id="46f24058-fc0f", link="https://docs/ih5008")


def _shown(qtbot, error) -> tuple[AnalyzeView, Path]:
    view = AnalyzeView()
    qtbot.addWidget(view)
    path = Path("/tmp/franck.mp4")
    view.ensure_card(path)
    job = FileJob(path, state=JobState.FAILED, error=error)
    show_job(view, job, offers_local=False)
    return view, path


def test_the_error_text_shows_once_and_copies_whole(qtbot) -> None:
    view, path = _shown(qtbot, NO_AUDIO)
    card = view.card(path)
    visible = card.status.text() + "\n" + card.error.text()
    assert visible.count("The file has no audio track") == 1
    assert visible.count("46f24058-fc0f") == 1 and visible.count("https://docs/ih5008") == 1
    assert "ih5008" in card.status.text()
    assert "fix the file" in card.error.text()
    assert "The file has no audio track" in card.details and "HTTP status: 422" in card.details
    assert "copy" in card.visible_actions()


@pytest.mark.parametrize(("error", "retry"), [
    (NO_AUDIO, False),
    (FitError("cannot be made to fit"), False),
    (ServerError("busy", status=503, error_id="ih1003"), True),
    (NetworkError("No answer from the server"), True),
    (AuthError("Invalid key", status=401, error_id="ih2001"), True),  # the key can change
])
def test_retry_is_offered_only_when_another_attempt_could_work(qtbot, error, retry) -> None:
    view, path = _shown(qtbot, error)
    assert ("retry" in view.card(path).visible_actions()) is retry
