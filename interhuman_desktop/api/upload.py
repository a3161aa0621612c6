"""Upload a file for V1 analysis via the SDK: streamed from disk, with progress, cancel, retries.

Memory: the SDK reads a *path* whole (``Path.read_bytes``) but passes a *file object* through to
httpx untouched. httpx's multipart ``FileField.render_data`` seeks it to 0 and reads it in 64 KiB
chunks (``CHUNK_SIZE``) while sending, and sizes the body with ``peek_filelike_length`` (fileno /
seek+tell), never by reading it. So we hand the SDK an open file wrapped in :class:`ProgressReader`:
each ``read(n)`` reports bytes sent and raises :class:`UploadCancelled` once cancel is set.
Because a stalled socket may stop calling ``read``, the SDK call also runs as a task that is
cancelled as soon as the cancel event fires.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, cast

from interhumanai import AnalysisResult, InterhumanClient

from interhuman_desktop.api.backend import invalidate_token
from interhuman_desktop.api.capture import current_capture
from interhuman_desktop.api.errors import AppError, AuthError, UploadCancelled
from interhuman_desktop.api.retry import call_with_retries

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
T = TypeVar("T")

CONTENT_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".mkv": "video/x-matroska",
    ".avi": "video/x-msvideo",
    ".ts": "video/mp2t",
    ".mts": "video/mp2t",
    ".m2ts": "video/mp2t",
}


def content_type_for(path: str | os.PathLike[str]) -> str:
    return CONTENT_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


class ProgressReader(io.RawIOBase):
    """A read-only binary stream over ``raw`` that reports progress and honours cancel."""

    def __init__(
        self,
        raw: BinaryIO,
        total: int,
        *,
        on_progress: ProgressFn | None = None,
        cancel: asyncio.Event | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__()
        self._raw = raw
        self.total = total
        self._on_progress = on_progress
        self._cancel = cancel
        self.name = name or getattr(raw, "name", "video")
        self.position = 0
        self.max_chunk = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._cancel is not None and self._cancel.is_set():
            raise UploadCancelled()
        data = self._raw.read(size)
        self.position += len(data)
        self.max_chunk = max(self.max_chunk, len(data))
        if self._on_progress is not None and (data or self.position >= self.total):
            self._on_progress(min(self.position, self.total), self.total)
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readall(self) -> bytes:  # pragma: no cover - httpx never calls it; keep it explicit
        raise io.UnsupportedOperation("ProgressReader streams; it does not read whole files")

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.position = self._raw.seek(offset, whence)
        return self.position

    def tell(self) -> int:
        return self.position


async def analyze_file(
    client: InterhumanClient, path: str | os.PathLike[str], **options: Any
) -> AnalysisResult:
    """Upload ``path`` to ``POST /v1/upload/analyze`` and return the SDK's typed result.

    Takes the options of :func:`analyze_file_raw`. Raises an
    :class:`~interhuman_desktop.api.errors.AppError` (UploadCancelled on cancel).
    """
    return (await analyze_file_raw(client, path, **options)).result


@dataclass(frozen=True)
class UploadOutcome:
    """The typed result and the response body exactly as received (None if unavailable)."""

    result: AnalysisResult
    raw: dict[str, Any] | None


async def analyze_file_raw(
    client: InterhumanClient,
    path: str | os.PathLike[str],
    *,
    include: Sequence[str] = (),
    goal_dimensions: Sequence[str] = (),
    conversation_context: str | None = None,
    on_progress: ProgressFn | None = None,
    cancel: asyncio.Event | None = None,
    max_attempts: int = 3,
    on_retry: Callable[[AppError, int, float], object] | None = None,
) -> UploadOutcome:
    """Like :func:`analyze_file`, also keeping the raw JSON body (for lossless exports)."""
    path = Path(path)
    total = (await asyncio.to_thread(path.stat)).st_size  # file work off the event loop
    raw = await asyncio.to_thread(lambda: path.open("rb"))
    with raw:
        reader = ProgressReader(raw, total, on_progress=on_progress, cancel=cancel, name=path.name)

        async def attempt() -> UploadOutcome:
            reader.seek(0)
            result = await client.upload.analyze(
                # A RawIOBase is a binary file at run time; typeshed's IO[bytes] is nominal.
                cast(BinaryIO, reader),
                filename=path.name,
                content_type=content_type_for(path),
                include=list(include) or None,
                goal_dimensions=list(goal_dimensions) or None,
                conversation_context=conversation_context,
            )
            capture = current_capture()
            body = capture.last_json() if capture is not None else None
            return UploadOutcome(result, body if isinstance(body, dict) else None)

        return await with_remint(client, lambda: _until_cancelled(attempt(), cancel),
                                 max_attempts, on_retry)


async def with_remint(client: InterhumanClient, fn: Callable[[], Awaitable[T]],
                      max_attempts: int,
                      on_retry: Callable[[AppError, int, float], object] | None) -> T:
    """``fn`` with retries by our classifier; a 401 on a minted token re-mints it once."""
    try:
        return await call_with_retries(fn, max_attempts=max_attempts, on_retry=on_retry)
    except AuthError as exc:
        if exc.status != 401 or not invalidate_token(client):
            raise
        log.info("401 with a minted token; re-minting once")
        return await call_with_retries(fn, max_attempts=max_attempts, on_retry=on_retry)


async def _until_cancelled(coro: Coroutine[Any, Any, T], cancel: asyncio.Event | None) -> T:
    """Await ``coro``; if ``cancel`` fires first, cancel it and raise UploadCancelled."""
    task = asyncio.ensure_future(coro)
    if cancel is None:
        return await task
    if cancel.is_set():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        raise UploadCancelled()
    waiter = asyncio.ensure_future(cancel.wait())
    try:
        done, _ = await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        task.cancel()
        waiter.cancel()
        raise
    if task in done:
        waiter.cancel()
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
    raise UploadCancelled()
