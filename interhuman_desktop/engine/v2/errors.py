"""The V2 error ids (inter-2.md §1.1), added to the engine's one catalogue.

They live here so the V2 surface is one package; :func:`register` puts them into
:data:`~interhuman_desktop.engine.errors.CATALOGUE` when this module is imported (by the
queue and the routes; ids already there are left as they are), so
``error_response`` / ``EngineError`` give them their status, link and text like any other id.
"""

from __future__ import annotations

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.errors import CATALOGUE, ErrorSpec

V2_ERRORS: dict[str, ErrorSpec] = {
    ErrorId.TOO_MANY_JOBS: ErrorSpec(503, "service-overloaded",
                        "The engine holds too many jobs. Retry after a short delay."),
    ErrorId.BACKEND_UNAVAILABLE: ErrorSpec(503, "service-unavailable",
                        "The job store or the model backend is unavailable. Retry later."),
    ErrorId.JOB_INTERRUPTED: ErrorSpec(500, "job-interrupted",
                        "The job was interrupted (the engine restarted): submit again."),
    ErrorId.CONCURRENCY_LIMIT: ErrorSpec(429, "concurrency-limit-exceeded",
                        "Too many jobs are queued or running. Retry when one has finished."),
    ErrorId.VIDEO_TOO_LONG: ErrorSpec(400, "video-too-long",
                        "The file is longer than the maximum duration (30 minutes)."),
    ErrorId.MODEL_NOT_SERVED: ErrorSpec(400, "model-not-served",
                                        "This deployment does not serve that model."),
    ErrorId.JOB_UNKNOWN: ErrorSpec(404, "job-not-found",
                                   "No such job: the id is unknown or has expired."),
    ErrorId.NO_AUDIO_STREAM: ErrorSpec(422, "no-audio-stream",
                        "The file has no audio track; inter-2 needs picture and sound."),
}


def register() -> None:
    """Add the V2 ids to the catalogue (idempotent; done when this module is imported)."""
    for error_id, spec in V2_ERRORS.items():
        CATALOGUE.setdefault(error_id, spec)


register()
