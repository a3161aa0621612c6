"""The Interhuman error ids (``ih…``), one vocabulary for the engine, the media layer, the
stream pump and the API client. Meanings from ``spec/interhuman-api.md`` (error table).

``ErrorId`` is a ``StrEnum``: a member equals its id string, so it serialises, compares and
looks up (dict keys) exactly like the literal it replaces.
"""

from __future__ import annotations

from enum import StrEnum

PREFIX = "ih"  # every service error id starts with it
AUTH_PREFIX = "ih2"  # the credential / scope family


class ErrorId(StrEnum):
    INTERNAL = "ih1001"  # 500: unexpected server condition, usually temporary; retry with backoff
    TOO_MANY_JOBS = "ih1002"  # 503: the instance holds too many jobs; transient
    BACKEND_UNAVAILABLE = "ih1003"  # 503 / WS close 1013: model backend or job store unavailable
    JOB_INTERRUPTED = "ih1004"  # V2 failed-job envelope: the job was interrupted; resubmit
    INVALID_CREDENTIALS = "ih2001"  # 401: the API key (or token) is invalid or expired
    MISSING_CREDENTIALS = "ih2002"  # 401: no credentials were sent
    INSUFFICIENT_SCOPE = "ih2003"  # 403 / WS close 4003: the key lacks upload or stream scope
    MISSING_KEY_ID = "ih2004"  # 400: /auth body without `key_id`
    MISSING_KEY_SECRET = "ih2005"  # 400: /auth body without `key_secret`
    CLIENT_TOKEN_EXPIRED = "ih2010"  # 401: client token expired (exact mapping of 2010-14 unknown)
    CLIENT_TOKEN_INVALID = "ih2011"  # 401: client token invalid
    CLIENT_TOKEN_REVOKED = "ih2014"  # 401: client token revoked
    RATE_LIMITED = "ih3001"  # 429: rate limit exceeded; retry later
    CONCURRENCY_LIMIT = "ih3002"  # 429: too many concurrent requests for the account
    QUOTA_EXHAUSTED = "ih3003"  # 429 / WS error: the account's usage quota is used up
    TOKEN_BUDGET_EXHAUSTED = "ih3006"  # 429: a client token's video-seconds budget is used up
    MISSING_FILE = "ih4001"  # 400: the upload has no `file` part
    UNSUPPORTED_CONTAINER = "ih4002"  # 400: not mp4, avi, mov, mkv, mpeg-ts or webm
    PAYLOAD_TOO_LARGE = "ih4003"  # 413: the upload is over 32 MB
    VIDEO_TOO_LONG = "ih4004"  # 400: longer than the deployment's maximum (V2)
    INVALID_PARAMETER = "ih4005"  # 400 / WS close 1008: a request parameter has a bad value
    VIDEO_TOO_SHORT = "ih4007"  # 400: the upload is under 3 s (or under 10 KB)
    MODEL_NOT_SERVED = "ih4020"  # 400: a valid V2 model this deployment does not serve (yet)
    JOB_UNKNOWN = "ih4021"  # 404: the job is unknown or expired (V2 jobs)
    NO_VIDEO_STREAM = "ih5001"  # 422 / WS error: the media has no usable video track
    CORRUPTED_VIDEO = "ih5002"  # 422: the container is corrupted or cannot be read
    MALFORMED_SEGMENT = "ih5004"  # WS error: a segment cut mid-element or missing its header
    SEGMENT_TOO_SHORT = "ih5006"  # WS error: a stream segment shorter than 3 s
    NO_AUDIO_STREAM = "ih5008"  # 422: no audio track (V2 requires audio)
    INVALID_SESSION_CONFIG = "ih6001"  # WS error: a bad session-config frame; the session stays
    MESSAGE_TOO_LARGE = "ih6002"  # WS error: a frame over 32 MB
    SESSION_IDLE_TIMEOUT = "ih6003"  # WS error: no frame for the idle timeout (300 s); closed
    SESSION_MAX_DURATION = "ih6004"  # WS error: the session reached its maximum length (3600 s)


def is_error_id(text: str | None) -> bool:
    """True for a service error id (``ih…``): a server's answer rather than a local failure."""
    return bool(text) and str(text).startswith(PREFIX)


def is_auth_id(text: str | None) -> bool:
    """True for the credential / scope family (``ih2…``)."""
    return bool(text) and str(text).startswith(AUTH_PREFIX)
