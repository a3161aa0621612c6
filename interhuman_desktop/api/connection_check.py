"""The Settings "Test connection": one real authenticated call, and what it taught us.

1. ``POST /v1/upload/analyze`` with the key and *no file*: the server checks the credential
   before the form, so 401 means the key was refused, 403 that it lacks the upload scope, and a
   validation refusal (400/422) that the key was accepted with the upload scope. Nothing is
   uploaded and nothing is analysed. The round-trip time is the latency shown.
2. When the key was accepted: ``POST /v1/client_tokens`` through the SDK's ``AuthClient`` asks
   for a 60-s token with the upload and stream scopes; the answer's ``scope`` lists what was
   granted and the token is revoked at once. A server without that endpoint (the local engine:
   404) simply reports no scopes.

Errors go through :mod:`interhuman_desktop.api.errors`, so a failure carries the server's
correlation id. No Qt here; the Settings view shows :func:`ConnectionReport.text`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import httpx
from interhumanai import AuthClient, InterhumanAPIError

from interhuman_desktop.api.errors import AppError, NetworkError, ServiceError, from_sdk

log = logging.getLogger(__name__)
PROBE_PATH = "/v1/upload/analyze"
WANTED_SCOPES = ("interhumanai.upload", "interhumanai.stream")
ACCEPTED_REFUSALS = (400, 413, 415, 422)  # the key passed, the (empty) form did not


@dataclass(frozen=True)
class ConnectionReport:
    """What one test learned: the key accepted or not, the scopes, latency, correlation id."""

    ok: bool
    where: str  # "the local engine" / "the Interhuman cloud"
    latency_ms: float
    message: str
    scopes: tuple[str, ...] | None = None
    correlation_id: str | None = None

    def text(self) -> str:
        parts = [self.message]
        if self.scopes is not None:
            parts.append("scopes: " + (", ".join(self.scopes) or "none"))
        parts.append(f"{self.latency_ms:.0f} ms")
        if self.correlation_id:
            parts.append(f"correlation id {self.correlation_id}")
        return "; ".join(parts)


async def check_connection(http: httpx.AsyncClient, base_url: str, api_key: str,
                           where: str) -> ConnectionReport:
    """Test ``api_key`` against ``base_url``; never raises for an answer the server gave."""
    started = time.perf_counter()
    try:
        response = await http.post(base_url.rstrip("/") + PROBE_PATH, data={"probe": "1"},
                                   headers={"Authorization": f"Bearer {api_key}"})
    except httpx.HTTPError as exc:
        error = from_sdk(exc)
        return ConnectionReport(False, where, _ms(started), f"{where} did not answer: {error}")
    latency = _ms(started)  # the probe's round trip only
    cid = response.headers.get("x-correlation-id")
    status = response.status_code
    if status in ACCEPTED_REFUSALS or 200 <= status < 300:
        scopes = await _granted_scopes(http, base_url, api_key)
        return ConnectionReport(True, where, latency, f"Key accepted by {where}", scopes, cid)
    error = from_sdk(httpx.HTTPStatusError("probe", request=response.request, response=response))
    return ConnectionReport(False, where, latency, _refusal_text(error, status, where),
                            correlation_id=_cid(error) or cid)


def _refusal_text(error: AppError, status: int, where: str) -> str:
    if status == 401:
        return f"{where} refused the key (HTTP 401): {_message(error)}"
    if status == 403:
        return f"the key is known but lacks the upload scope (HTTP 403): {_message(error)}"
    if status == 429:
        return f"{where} is rate limiting this key (HTTP 429); try again in a minute"
    return f"{where} answered HTTP {status}: {_message(error)}"


async def _granted_scopes(http: httpx.AsyncClient, base_url: str,
                          api_key: str) -> tuple[str, ...] | None:
    """The scopes a short client token gets (revoked at once); None when not offered."""
    auth = AuthClient(base_url=base_url, http_client=http)
    try:
        token = await auth.create_client_token(api_key=api_key, scopes=list(WANTED_SCOPES),
                                               expires_in=60)
    except InterhumanAPIError as exc:
        if exc.status == 403:
            return ()  # the key cannot have both scopes
        log.info("client tokens not offered at %s (HTTP %s)", base_url, exc.status)
        return None
    except httpx.HTTPError:
        return None
    try:
        await auth.revoke_client_token(api_key=api_key, token=token.access_token)
    except (InterhumanAPIError, httpx.HTTPError):  # it expires in 60 s anyway
        log.warning("could not revoke the test token at %s", base_url)
    return tuple(token.scope.split())


def _message(error: AppError) -> str:
    return str(error).rstrip(".")


def _cid(error: AppError) -> str | None:
    return error.correlation_id if isinstance(error, ServiceError) else None


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


__all__ = ["ConnectionReport", "NetworkError", "check_connection"]
