"""A file job on its Analyze card: the status line in the user's words (:func:`describe`) and
the card's state, buttons and error details (:func:`show_job`)."""

from __future__ import annotations

import logging

from interhuman_desktop.api.errors import (
    AuthError,
    QuotaError,
    RequestRejectedError,
    ServiceError,
)
from interhuman_desktop.api.retry import is_retryable
from interhuman_desktop.encode.fit import FitError
from interhuman_desktop.encode.preflight import AUDIO_MODEL
from interhuman_desktop.session.file_analysis import FileJob, JobState
from interhuman_desktop.session.library_sync import cqi_of
from interhuman_desktop.session.timeline import band_name
from interhuman_desktop.ui.views.analyze import AnalyzeView
from interhuman_desktop.ui.views.analyze_text import error_details, error_shown

log = logging.getLogger(__name__)


def describe(job: FileJob) -> str:
    """One line of status for a job, in the user's words."""
    state = job.state
    if state == JobState.UPLOADING:
        parts = f" (part {job.part_index + 1} of {len(job.parts)})" if len(job.parts) > 1 else ""
        request = job.request  # goals or a context send a V2-set upload through V1: say so
        sound = job.verdict is not None and job.verdict.model == AUDIO_MODEL
        v1 = request.v2 is not None and not sound and bool(request.goal_dimensions
                                                           or request.conversation_context)
        return f"Uploading… {job.progress:.0%}{parts}" + (
            " (Inter-1 upload: only it gives feedback on goals)" if v1 else
            " (sound only: analysed with Inter-2 audio)" if sound else "")
    if state == JobState.REFUSED:
        again = f" again (check {job.attempt})" if job.attempt > 1 else ""
        return f"Refused{again}: this file cannot be analysed (see above)"
    if state == JobState.FAILED:
        return "Failed: " + error_shown(job.error)[0]
    if state == JobState.DONE and job.timeline is not None:
        return _done_text(job)
    return {JobState.QUEUED: "Queued", JobState.CHECKING: "Checking the file…",
            JobState.READY: "Waiting for the file ahead",
            JobState.NEEDS_FIT: "Outside the limits: press “Make it fit” to transcode or split it",
            JobState.FITTING: "Making it fit (transcoding / splitting)…",
            JobState.ANALYSING: "Uploaded; analysing…", JobState.CANCELLED: "Cancelled"}.get(
        state, state.value)


def _done_text(job: FileJob) -> str:
    tl = job.timeline
    assert tl is not None
    text = f"Analysed: {len(tl.signals)} signals"
    qi = cqi_of(tl)
    if qi is not None:
        text += f", quality index {qi:.0f} ({band_name(qi)})"
    n = len(tl.feedback)
    return text + (f", {n} feedback note{'s' if n != 1 else ''}" if n else "")


def show_job(view: AnalyzeView, job: FileJob, offers_local: bool) -> None:
    """Bring ``job``'s card up to date (``offers_local``: "Analyse locally instead" on a
    failure)."""
    state = job.state
    if job.info is not None:
        view.set_check(job.path, job.info, job.verdict)
    failed = state in (JobState.FAILED, JobState.REFUSED, JobState.CANCELLED)
    # a retried job's old error goes once it runs again (or succeeds)
    view.set_error(job.path, *(_error_texts(job) if state == JobState.FAILED else ("", "")))
    progress = None if state in (JobState.CHECKING, JobState.FITTING,
                                 JobState.ANALYSING) else job.progress
    view.set_status(job.path, describe(job), progress, done=state == JobState.DONE,
                    error=failed, fit=state == JobState.NEEDS_FIT,
                    retry=state == JobState.CANCELLED or (state == JobState.FAILED
                                                          and not permanent(job.error)),
                    local=state == JobState.FAILED and offers_local)


def permanent(error: object) -> bool:
    """An error that sending the same file again cannot mend (the file was refused, cannot be
    made to fit, or its job failed for good): no Retry. A key or a quota can change."""
    if isinstance(error, (RequestRejectedError, FitError)):
        return True
    if isinstance(error, ServiceError) and not isinstance(error, (AuthError, QuotaError)):
        return not is_retryable(error)
    return False


def _error_texts(job: FileJob) -> tuple[str, str]:
    """(what the card shows under the status, what "Copy details" copies)."""
    return error_shown(job.error)[1], error_details(job.error)[1]
