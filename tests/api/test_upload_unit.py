"""analyze_file against an in-process httpx transport: streaming, progress, retries, cancel."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

import httpx
import pytest

from interhuman_desktop.api.backend import Backend, make_client, make_http_client
from interhuman_desktop.api.errors import RequestRejectedError, ServerError, UploadCancelled
from interhuman_desktop.api.upload import (
    ProgressReader,
    analyze_file,
    analyze_file_raw,
    content_type_for,
)

RESULT = {
    "signals": [
        {
            "type": "interest",
            "start": 0,
            "end": 3.5,
            "probability": "high",
            "rationale": "leans in",
            "future_field": 1,
        }
    ],
    "engagement_state": [{"state": "engaged", "start": 0, "end": 6}],
}


@pytest.fixture
def upload_file(tmp_path: Path) -> Path:
    path = tmp_path / "clip.mp4"
    path.write_bytes(bytes(range(256)) * 4096)  # 1 MiB
    return path


def run(coro):
    return asyncio.run(coro)


async def _analyze(handler, path: Path, **kwargs):
    async with make_http_client(transport=httpx.MockTransport(handler)) as http:
        client = make_client(Backend.cloud("ih_test_key", "http://engine.test"), http)
        return await analyze_file_raw(client, path, **kwargs)


def test_progress_reader_reports_and_cancels() -> None:
    seen: list[tuple[int, int]] = []
    cancel = asyncio.Event()
    reader = ProgressReader(
        io.BytesIO(b"x" * 100), 100, on_progress=lambda a, b: seen.append((a, b)), cancel=cancel
    )
    assert reader.read(40) == b"x" * 40
    assert reader.read(100) == b"x" * 60
    assert reader.read(10) == b""
    assert seen == [(40, 100), (100, 100), (100, 100)]
    reader.seek(0)
    assert reader.tell() == 0
    cancel.set()
    with pytest.raises(UploadCancelled):
        reader.read(10)


def test_content_types() -> None:
    assert content_type_for("a.MP4") == "video/mp4"
    assert content_type_for("a.mov") == "video/quicktime"
    assert content_type_for("a.webm") == "video/webm"
    assert content_type_for("a.mkv") == "video/x-matroska"
    assert content_type_for("a.avi") == "video/x-msvideo"
    assert content_type_for("a.ts") == "video/mp2t"
    assert content_type_for("a.bin") == "application/octet-stream"


def test_streams_in_chunks_with_progress_and_keeps_raw(upload_file: Path, monkeypatch) -> None:
    def no_whole_reads(self: Path) -> bytes:
        raise AssertionError("the file must be streamed, never read whole")

    monkeypatch.setattr(Path, "read_bytes", no_whole_reads)
    seen: list[tuple[int, int]] = []
    bodies: list[bytes] = []
    size = upload_file.stat().st_size

    async def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["authorization"] == "Bearer ih_test_key"
        assert int(request.headers["content-length"]) > size
        bodies.append(await request.aread())
        return httpx.Response(200, json=RESULT)

    outcome = run(
        _analyze(
            handler,
            upload_file,
            on_progress=lambda a, b: seen.append((a, b)),
            include=["conversation_quality_overall"],
            goal_dimensions=["clarity"],
        )
    )
    size = upload_file.stat().st_size
    assert seen[-1] == (size, size)
    assert len(seen) >= size // (64 * 1024)  # chunked: many progress events, not one
    assert all(b <= size for _, b in seen)
    body = bodies[0]
    assert b'filename="clip.mp4"' in body and b"Content-Type: video/mp4" in body
    assert b"conversation_quality_overall" in body and b"clarity" in body
    assert outcome.result.signals[0].type.value == "interest"
    assert outcome.raw is not None and outcome.raw["signals"][0]["future_field"] == 1


def test_retries_with_retry_after_and_rewinds(upload_file: Path, monkeypatch) -> None:
    sleeps: list[float] = []
    real_sleep = asyncio.sleep

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)
        await real_sleep(0)

    monkeypatch.setattr("interhuman_desktop.api.retry.asyncio.sleep", fake_sleep)
    sizes: list[int] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        sizes.append(len(await request.aread()))
        if len(sizes) == 1:
            return httpx.Response(
                429,
                headers={"Retry-After": "2"},
                json={
                    "error_id": "ih3001",
                    "correlation_id": "c1",
                    "link": "l",
                    "message": "slow down",
                },
            )
        if len(sizes) == 2:
            return httpx.Response(502, text="<html>Bad Gateway</html>")
        return httpx.Response(200, json=RESULT)

    async def go():
        async with make_http_client(transport=httpx.MockTransport(handler)) as http:
            client = make_client(Backend.cloud("k", "http://engine.test"), http)
            return await analyze_file(client, upload_file, max_attempts=3)

    result = asyncio.run(go())
    assert result.engagement_state[0].state.value == "engaged"
    assert sizes[0] == sizes[1] == sizes[2]  # each attempt sent the whole file again
    assert sleeps[0] == 2.0  # Retry-After honoured


def test_non_json_error_after_budget(upload_file: Path) -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        await request.aread()
        return httpx.Response(
            503,
            text="upstream unavailable",
            headers={"Retry-After": "0", "X-Correlation-ID": "cid-9"},
        )

    with pytest.raises(ServerError) as info:
        run(_analyze(handler, upload_file, max_attempts=2))
    assert "upstream unavailable" in info.value.user_message()
    assert info.value.correlation_id == "cid-9"


def test_rejection_is_not_retried(upload_file: Path) -> None:
    calls = []

    async def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        await request.aread()
        return httpx.Response(
            400,
            json={
                "error_id": "ih4007",
                "correlation_id": "c",
                "link": "https://docs/x",
                "message": "Too short.",
            },
        )

    with pytest.raises(RequestRejectedError) as info:
        run(_analyze(handler, upload_file, max_attempts=3))
    assert len(calls) == 1 and info.value.error_id == "ih4007"


def test_cancel_mid_upload(upload_file: Path) -> None:
    async def go() -> None:
        cancel = asyncio.Event()

        def progress(sent: int, total: int) -> None:
            if sent > total // 4:
                cancel.set()

        async def handler(request: httpx.Request) -> httpx.Response:
            await request.aread()
            return httpx.Response(200, json=RESULT)

        await _analyze(handler, upload_file, on_progress=progress, cancel=cancel)

    with pytest.raises(UploadCancelled):
        run(go())


def test_cancel_while_server_stalls(upload_file: Path) -> None:
    async def go() -> float:
        cancel = asyncio.Event()

        async def handler(request: httpx.Request) -> httpx.Response:
            await request.aread()
            await asyncio.sleep(30)  # the "analysis" never finishes
            return httpx.Response(200, json=RESULT)

        loop = asyncio.get_running_loop()
        loop.call_later(0.2, cancel.set)
        start = loop.time()
        with pytest.raises(UploadCancelled):
            await _analyze(handler, upload_file, cancel=cancel)
        return loop.time() - start

    assert run(go()) < 2.0


def test_raw_json_body_is_exactly_what_came(upload_file: Path) -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        await request.aread()
        return httpx.Response(200, content=json.dumps(RESULT).encode())

    assert run(_analyze(handler, upload_file)).raw == RESULT
