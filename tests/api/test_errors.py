"""Mapping SDK / httpx failures into the app's error tree (decisions #12)."""

from __future__ import annotations

import httpx
import pytest
from interhumanai import InterhumanAPIError

from interhuman_desktop.api.capture import CapturedResponse
from interhuman_desktop.api.errors import (
    AuthError,
    NetworkError,
    QuotaError,
    RateLimitedError,
    RequestRejectedError,
    ServerError,
    ServiceError,
    UploadCancelled,
    from_sdk,
)

SECRET = "ih_live_SECRET_KEY_123"


def api_error(status: int, error_id: str | None = None, **body: str) -> InterhumanAPIError:
    full = {"error_id": error_id, **body} if error_id else None
    return InterhumanAPIError(
        f"Interhuman API error ({error_id}): x",
        status=status,
        error_id=error_id,
        correlation_id=body.get("correlation_id"),
        link=body.get("link"),
        body=full,
    )


@pytest.mark.parametrize(
    ("status", "error_id", "cls"),
    [
        (401, "ih2001", AuthError),
        (403, "ih2003", AuthError),
        (401, None, AuthError),
        (429, "ih3001", RateLimitedError),
        (429, "ih3002", RateLimitedError),
        (429, None, RateLimitedError),
        (429, "ih3003", QuotaError),
        (429, "ih3006", QuotaError),
        (400, "ih4007", RequestRejectedError),
        (413, "ih4003", RequestRejectedError),
        (422, "ih5002", RequestRejectedError),
        (500, "ih1001", ServerError),
        (503, "ih1003", ServerError),
        (502, None, ServerError),
    ],
)
def test_status_and_id_pick_the_class(status: int, error_id: str | None, cls: type) -> None:
    err = from_sdk(api_error(status, error_id, message="boom"))
    assert type(err) is cls
    assert isinstance(err, ServiceError)
    assert err.status == status and err.error_id == error_id


def test_fields_and_user_message() -> None:
    err = from_sdk(
        api_error(
            413,
            "ih4003",
            message="File too large.",
            correlation_id="cid-1",
            link="https://docs.interhuman.ai/api-reference/error-handling#ih4003",
        )
    )
    text = err.user_message()
    assert "ih4003" in text and "File too large" in text and "HTTP 413" in text
    assert "cid-1" in text and "https://docs.interhuman.ai" in text
    assert "fix" in text.lower()


def test_non_json_body_falls_back_to_raw_text() -> None:
    sdk = InterhumanAPIError("Interhuman API error: HTTP 502", status=502)
    captured = CapturedResponse(
        status=502,
        headers={"x-correlation-id": "cid-proxy", "retry-after": "7"},
        body_text="<html><body>502 Bad Gateway</body></html>",
    )
    err = from_sdk(sdk, captured)
    assert isinstance(err, ServerError)
    assert "502 Bad Gateway" in err.message
    assert err.raw_body is not None and "<html>" in err.raw_body
    assert err.correlation_id == "cid-proxy"
    assert err.retry_after == 7


def test_capture_of_another_status_is_ignored() -> None:
    sdk = InterhumanAPIError("x", status=500)
    err = from_sdk(sdk, CapturedResponse(status=200, headers={"retry-after": "9"}))
    assert isinstance(err, ServerError) and err.retry_after is None


def test_network_errors() -> None:
    try:
        try:
            raise httpx.ConnectError("refused")
        except httpx.ConnectError as inner:
            raise InterhumanAPIError("failed", status=0) from inner
    except InterhumanAPIError as exc:
        err = from_sdk(exc)
    assert isinstance(err, NetworkError)
    assert "ConnectError" in str(err)
    assert isinstance(from_sdk(httpx.ReadTimeout("slow")), NetworkError)
    assert isinstance(from_sdk(ConnectionResetError()), NetworkError)


def test_app_errors_pass_through_and_unknown_is_wrapped() -> None:
    cancelled = UploadCancelled()
    assert from_sdk(cancelled) is cancelled
    assert "RuntimeError" in str(from_sdk(RuntimeError("odd")))


def test_never_shows_the_key() -> None:
    # The SDK never puts the key in a message; make sure we do not add it either.
    err = from_sdk(api_error(401, "ih2001", message="Invalid API key."))
    assert SECRET not in err.user_message()
    from interhuman_desktop.api.backend import Backend

    assert SECRET not in repr(Backend.cloud(SECRET))


def test_malformed_success_and_httpx_status_error() -> None:
    err = from_sdk(
        InterhumanAPIError("Interhuman API returned a malformed JSON response.", status=200)
    )
    assert isinstance(err, ServerError) and "malformed" in err.message
    request = httpx.Request("POST", "http://x/v1/upload/analyze")
    response = httpx.Response(
        403,
        request=request,
        json={"error_id": "ih2003", "correlation_id": "c3", "link": "L", "message": "No scope."},
    )
    response.read()
    mapped = from_sdk(httpx.HTTPStatusError("403", request=request, response=response))
    assert isinstance(mapped, AuthError)
    assert (mapped.error_id, mapped.correlation_id, mapped.message) == ("ih2003", "c3", "No scope.")
