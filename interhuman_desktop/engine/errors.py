"""The engine's error catalogue: one ``ih`` id → HTTP status, docs slug and message.

HTTP errors answer with exactly ``{error_id, correlation_id, link, message}``
(decisions.md #12); stream errors carry ``{code, message, link, segment}`` in an ``error``
envelope (#10). Both take their text and link from here, so the two never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.responses import JSONResponse

from interhuman_desktop.core.error_ids import ErrorId as ErrorId  # re-exported for the routes

DOCS_BASE = "https://docs.interhuman.ai/api-reference/error-handling"
CORRELATION_HEADER = "X-Correlation-ID"


@dataclass(frozen=True)
class ErrorSpec:
    status: int
    slug: str
    message: str


CATALOGUE: dict[str, ErrorSpec] = {
    ErrorId.INTERNAL: ErrorSpec(500, "internal-server-error",
                        "Internal server error. Retry the request after a short delay."),
    ErrorId.INVALID_CREDENTIALS: ErrorSpec(401, "invalid-credentials",
                                           "The credentials are invalid or expired."),
    ErrorId.MISSING_CREDENTIALS: ErrorSpec(401, "missing-credentials",
                        "No credentials were sent. Send 'Authorization: Bearer <api_key>'."),
    ErrorId.INSUFFICIENT_SCOPE: ErrorSpec(403, "insufficient-scope",
                        "The credentials lack the scope this endpoint requires."),
    ErrorId.MISSING_KEY_ID: ErrorSpec(400, "missing-key-id",
                        "The `key_id` field is absent from the request body. This field is "
                        "required to authenticate your API key."),
    ErrorId.MISSING_KEY_SECRET: ErrorSpec(400, "missing-key-secret",
                        "The `key_secret` field is absent from the request body. This field is "
                        "required to authenticate your API key."),
    ErrorId.RATE_LIMITED: ErrorSpec(429, "rate-limit-exceeded",
                                    "Rate limit exceeded. Retry later."),
    ErrorId.MISSING_FILE: ErrorSpec(400, "missing-file", "The request has no `file` part."),
    ErrorId.UNSUPPORTED_CONTAINER: ErrorSpec(400, "unsupported-container",
                        "Unsupported container. Use mp4, avi, mov, mkv, mpeg-ts or webm."),
    ErrorId.PAYLOAD_TOO_LARGE: ErrorSpec(413, "payload-too-large",
                                         "The upload must not exceed 32 MB."),
    ErrorId.INVALID_PARAMETER: ErrorSpec(400, "invalid-parameter",
                                         "A request parameter has an invalid value."),
    ErrorId.VIDEO_TOO_SHORT: ErrorSpec(400, "video-too-short",
                        "Video must be at least 3 seconds long and at least 10 KB."),
    ErrorId.NO_VIDEO_STREAM: ErrorSpec(422, "no-video-stream",
                                       "The file has no usable video track."),
    ErrorId.CORRUPTED_VIDEO: ErrorSpec(422, "corrupted-video",
                        "Unable to process the video: the file is corrupted or cannot be read."),
    ErrorId.MALFORMED_SEGMENT: ErrorSpec(422, "malformed-segment",
                        "The video segment could not be parsed (truncated, re-sliced or "
                        "missing its container header)."),
    ErrorId.SEGMENT_TOO_SHORT: ErrorSpec(422, "segment-too-short",
                        "The video segment is shorter than 3 seconds."),
    ErrorId.INVALID_SESSION_CONFIG: ErrorSpec(400, "invalid-session-config",
                        "Invalid session config frame. Allowed keys: include, goal_dimensions."),
    ErrorId.MESSAGE_TOO_LARGE: ErrorSpec(413, "message-too-large",
                        "WebSocket message too large. Individual video chunks must not exceed "
                        "32 MB."),
    ErrorId.SESSION_IDLE_TIMEOUT: ErrorSpec(408, "session-idle-timeout",
                        "The session was idle for too long and has been closed."),
    ErrorId.SESSION_MAX_DURATION: ErrorSpec(400, "session-max-duration",
                        "The session reached its maximum duration. Open a new session."),
}


class EngineError(Exception):
    """An error with a catalogue id; ``message`` overrides the catalogue text when given."""

    def __init__(
        self, error_id: str, message: str | None = None, *, headers: dict[str, str] | None = None
    ) -> None:
        text = message or message_for(error_id)
        super().__init__(text)
        self.error_id = error_id
        self.message = text
        self.status = status_for(error_id)  # an id outside the catalogue answers 500
        self.headers = dict(headers or {})  # e.g. Retry-After on a throttled 429


def link_for(error_id: str) -> str:
    spec = CATALOGUE.get(error_id)
    slug = spec.slug if spec else "error"
    return f"{DOCS_BASE}#{error_id}-{slug}"


def status_for(error_id: str) -> int:
    spec = CATALOGUE.get(error_id)
    return spec.status if spec else 500


def message_for(error_id: str) -> str:
    spec = CATALOGUE.get(error_id)
    return spec.message if spec else "Error."


def error_body(error_id: str, correlation_id: str, message: str | None = None) -> dict[str, str]:
    """The four-field HTTP error body."""
    return {
        "error_id": error_id,
        "correlation_id": correlation_id,
        "link": link_for(error_id),
        "message": message or message_for(error_id),
    }


def error_response(
    error_id: str,
    correlation_id: str,
    message: str | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A JSON error response with its status and the ``X-Correlation-ID`` header."""
    all_headers = {CORRELATION_HEADER: correlation_id, **(headers or {})}
    return JSONResponse(
        error_body(error_id, correlation_id, message),
        status_code=status_for(error_id),
        headers=all_headers,
    )


def ws_error_data(
    error_id: str, *, segment: int | None = None, message: str | None = None
) -> dict[str, Any]:
    """The ``data`` of a stream ``error`` envelope (``segment`` null for session-wide errors)."""
    return {
        "code": error_id,
        "message": message or message_for(error_id),
        "link": link_for(error_id),
        "segment": segment,
    }
