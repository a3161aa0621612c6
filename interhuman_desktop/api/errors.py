"""The app's exception tree for everything that talks to the Interhuman service or the local engine.

::

    AppError (core/errors.py)         base: user_message() = what happened + what to do
    ├── CaptureError, FitError        capture and make-it-fit (their own modules)
    ├── ServiceError                  the server answered with an error
    │   │   (status, error_id, correlation_id, link, message, retry_after, raw_body)
    │   ├── AuthError                 401 / 403, ih2xxx: key wrong, expired or lacking scope
    │   ├── RateLimitedError          429 that is not a quota (ih3001, ih3002, …): retryable
    │   ├── QuotaError                ih3003 / ih3006: usage or token budget exhausted
    │   ├── RequestRejectedError      400 / 404 / 413 / 422 …: validation, too large, unreadable
    │   └── ServerError               5xx, ih1001 / ih1002 / ih1003: retryable
    ├── NetworkError                  status 0: no answer (DNS, refused, reset, timeout)
    ├── UploadCancelled               the user cancelled an upload
    ├── StreamHandshakeError(status)  the WebSocket upgrade was refused (401/403 are fatal)
    └── StreamClosedError(code, reason)  the live connection closed unexpectedly

``from_sdk(exc, response=None)`` maps ``interhumanai.InterhumanAPIError``, raw ``httpx`` errors
and anything else into this tree. The SDK drops non-JSON error bodies and all response headers,
so :mod:`interhuman_desktop.api.capture` records the last response of each call (status, headers,
raw body text) and hands it in as ``response``: that gives the raw-text fallback (decisions #12)
and ``Retry-After`` (decisions #13). No message ever contains a credential.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from interhumanai import InterhumanAPIError, InterhumanError

from interhuman_desktop.api.capture import CapturedResponse, parse_retry_after
from interhuman_desktop.core.error_ids import ErrorId, is_auth_id
from interhuman_desktop.core.errors import AppError as AppError  # the tree's root, re-exported

log = logging.getLogger(__name__)

QUOTA_IDS = frozenset({ErrorId.QUOTA_EXHAUSTED, ErrorId.TOKEN_BUDGET_EXHAUSTED})
TRANSIENT_IDS = frozenset({ErrorId.INTERNAL, ErrorId.TOO_MANY_JOBS, ErrorId.BACKEND_UNAVAILABLE})
RAW_BODY_LIMIT = 300


class ServiceError(AppError):
    """The server answered with an error status."""

    what_to_do = "Try again later."

    def __init__(
        self,
        message: str,
        *,
        status: int,
        error_id: str | None = None,
        correlation_id: str | None = None,
        link: str | None = None,
        retry_after: float | None = None,
        raw_body: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.error_id = error_id
        self.correlation_id = correlation_id
        self.link = link
        self.retry_after = retry_after
        self.raw_body = raw_body

    def user_message(self) -> str:
        head = f"{self.error_id}: " if self.error_id else ""
        parts = [f"{head}{self.message.rstrip('.')} (HTTP {self.status}).", self.what_to_do]
        if self.correlation_id:
            parts.append(f"Correlation id: {self.correlation_id}.")
        if self.link:
            parts.append(f"Docs: {self.link}")
        return " ".join(parts)


class AuthError(ServiceError):
    what_to_do = "Check the API key (or key id and secret) and that it has the upload/stream scope."


class RateLimitedError(ServiceError):
    what_to_do = "Too many requests right now; wait a little and try again."


class QuotaError(ServiceError):
    what_to_do = "The usage quota is used up; check your plan at platform.interhuman.ai."


class RequestRejectedError(ServiceError):
    what_to_do = "The request or the file was refused; fix the file (see the message) and retry."


class ServerError(ServiceError):
    what_to_do = "The service had a temporary problem; try again in a minute."


class NetworkError(AppError):
    what_to_do = "Check the network connection (or that the local engine is running) and retry."


class UploadCancelled(AppError):
    what_to_do = "Nothing was analysed."

    def __init__(self, message: str = "Upload cancelled") -> None:
        super().__init__(message)


class StreamHandshakeError(AppError):
    """The WebSocket upgrade was refused with an HTTP status (0 when unknown)."""

    def __init__(self, message: str, *, status: int = 0) -> None:
        super().__init__(message)
        self.status = status

    @property
    def fatal(self) -> bool:
        return self.status in (401, 403)

    @property
    def what_to_do(self) -> str:  # type: ignore[override]
        if self.fatal:
            return AuthError.what_to_do
        return "The live service refused the connection; try again shortly."


class StreamClosedError(AppError):
    """The live connection closed before the session ended normally."""

    what_to_do = "The live session will try to reconnect; check the network if it keeps failing."

    def __init__(self, message: str, *, code: int, reason: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason


def service_error_class(status: int, error_id: str | None) -> type[ServiceError]:
    """Pick the ServiceError subclass for an HTTP status and error id.

    The never-retry statuses (401/403 auth, other 4xx rejections) win over an error id that
    would say "transient", so a contradictory answer can never cause a retry storm.
    """
    eid = error_id or ""
    if eid in QUOTA_IDS:
        return QuotaError
    if status in (401, 403):
        return AuthError
    if 400 <= status < 500 and status != 429:
        return AuthError if is_auth_id(eid) else RequestRejectedError
    if status == 429:
        return RateLimitedError
    if is_auth_id(eid):
        return AuthError
    return ServerError  # 5xx, ih1001-3, or a malformed 2xx/3xx answer


def from_sdk(exc: BaseException, response: CapturedResponse | None = None) -> AppError:
    """Map an SDK, httpx or other exception (plus the captured response) into the app tree."""
    if isinstance(exc, AppError):
        return exc
    if isinstance(exc, InterhumanAPIError):
        return _from_api_error(exc, response)
    if isinstance(exc, httpx.HTTPStatusError):
        return _from_status(exc.response.status_code, CapturedResponse.from_response(exc.response))
    if isinstance(exc, (httpx.HTTPError, OSError)):
        return NetworkError(f"No answer from the server: {type(exc).__name__}")
    if isinstance(exc, InterhumanError):
        return AppError(str(exc))
    log.error("unexpected error (a bug?) mapped to AppError", exc_info=exc)
    return AppError(f"Unexpected error: {type(exc).__name__}: {exc}")


def _from_api_error(exc: InterhumanAPIError, response: CapturedResponse | None) -> AppError:
    if exc.status == 0 and not exc.error_id:
        cause = exc.__cause__
        kind = type(cause).__name__ if cause is not None else "transport error"
        return NetworkError(f"No answer from the server ({kind})")
    if response is not None and response.status != exc.status:
        response = None  # the capture saw another request; do not mix them up
    fields = _fields_from_response(response)
    body: dict[str, Any] = exc.body or {}
    sdk_fields = {
        "error_id": exc.error_id,
        "correlation_id": exc.correlation_id,
        "link": exc.link,
        "message": _str(body.get("message")),
    }
    fields.update({key: value for key, value in sdk_fields.items() if value})
    if exc.status < 400 and not fields.get("message"):
        fields["message"] = f"The server sent a malformed answer (HTTP {exc.status})"
    return _build(exc.status, fields)


def _from_status(status: int, response: CapturedResponse | None) -> ServiceError:
    return _build(status, _fields_from_response(response))


def _fields_from_response(response: CapturedResponse | None) -> dict[str, Any]:
    """error_id, correlation_id, link, message, raw_body and retry_after from a capture."""
    if response is None:
        return {}
    fields: dict[str, Any] = {
        "raw_body": response.body_text,
        "correlation_id": response.headers.get("x-correlation-id"),
        "retry_after": parse_retry_after(response.headers.get("retry-after")),
    }
    body = response.json_body()
    if body is not None:
        for key in ("error_id", "correlation_id", "link"):
            if _str(body.get(key)):
                fields[key] = body[key]
        fields["message"] = _str(body.get("message")) or _str(body.get("detail"))
    if not fields.get("message") and response.body_text:
        fields["message"] = f"Server said: {_shorten(response.body_text)}"
    return fields


def _build(status: int, fields: dict[str, Any]) -> ServiceError:
    cls = service_error_class(status, fields.get("error_id"))
    return cls(
        fields.get("message") or f"The server answered HTTP {status}",
        status=status,
        error_id=fields.get("error_id"),
        correlation_id=fields.get("correlation_id"),
        link=fields.get("link"),
        retry_after=fields.get("retry_after"),
        raw_body=fields.get("raw_body"),
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= RAW_BODY_LIMIT else flat[: RAW_BODY_LIMIT - 1] + "…"
