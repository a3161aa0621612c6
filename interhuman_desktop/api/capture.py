"""Record what the SDK throws away: the headers and raw body of each HTTP response.

``interhumanai.InterhumanAPIError`` keeps status, error id, correlation id and link, but not the
response headers (so no ``Retry-After``) and not a body that is not JSON (an HTML 502 from a
proxy). We get them back without touching the SDK's request path:

* the shared ``httpx.AsyncClient`` (see :func:`interhuman_desktop.api.backend.make_http_client`)
  carries :func:`record_response` as a *response event hook*. httpx calls it for every response,
  in the task that sent the request, before the SDK looks at the response;
* the hook writes into the :class:`ResponseCapture` held by a ``ContextVar``. A caller opens one
  with :func:`capture_responses` around an SDK call; the context is per task, so two uploads
  running at once never see each other's responses. Outside such a block the hook does nothing.

For an error status the hook reads the body (``await response.aread()``); httpx caches it, so the
SDK's own ``response.json()`` afterwards sees the same bytes.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

BODY_KEEP = 4096


@dataclass(frozen=True)
class CapturedResponse:
    """One HTTP response as recorded by the hook: status, lower-cased headers, body text."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body_text: str | None = None

    @classmethod
    def from_response(cls, response: httpx.Response) -> CapturedResponse:
        text = None
        if response.is_stream_consumed or response.is_closed:
            with contextlib.suppress(Exception):
                text = response.text[:BODY_KEEP]
        headers = {k.lower(): v for k, v in response.headers.items()}
        return cls(status=response.status_code, headers=headers, body_text=text)

    def json_body(self) -> dict[str, Any] | None:
        """The body parsed as a JSON object, or None when it is not one."""
        if not self.body_text:
            return None
        try:
            parsed = json.loads(self.body_text)
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None


@dataclass
class ResponseCapture:
    """Holds the most recent response seen in this context."""

    last: CapturedResponse | None = None
    count: int = 0
    last_response: httpx.Response | None = None

    def last_json(self) -> Any:
        """The JSON body of the last response, when it was read and parses; else None."""
        response = self.last_response
        if response is None:
            return None
        try:
            return response.json()
        except (ValueError, httpx.ResponseNotRead):
            return None


_current: ContextVar[ResponseCapture | None] = ContextVar("ih_response_capture", default=None)


@contextlib.contextmanager
def capture_responses() -> Iterator[ResponseCapture]:
    """Record responses of HTTP calls made (in this task) inside the block."""
    capture = ResponseCapture()
    token = _current.set(capture)
    try:
        yield capture
    finally:
        _current.reset(token)


async def record_response(response: httpx.Response) -> None:
    """httpx response hook: remember this response in the active capture, if any."""
    capture = _current.get()
    if capture is None:
        return
    if response.status_code >= 400:
        with contextlib.suppress(httpx.HTTPError):
            await response.aread()
    capture.last = CapturedResponse.from_response(response)
    capture.last_response = response
    capture.count += 1


def current_capture() -> ResponseCapture | None:
    """The capture active in this context (set by :func:`capture_responses`), if any."""
    return _current.get()


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds to wait: delta-seconds or an HTTP date; None if absent/bad."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    seconds: float | None
    try:
        seconds = float(value)
    except ValueError:
        seconds = _seconds_until_date(value, time.time() if now is None else now)
        if seconds is None:
            return None
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return None
    return max(0.0, seconds)


def _seconds_until_date(value: str, now: float) -> float | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return when.timestamp() - now
