"""analyze_file and the stream helpers against the REAL local engine child."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from interhumanai import AnalysisResult
from media_factory import make_clip

from interhuman_desktop.api.backend import Backend, make_client, make_http_client
from interhuman_desktop.api.errors import (
    AuthError,
    RateLimitedError,
    ServerError,
    StreamHandshakeError,
    UploadCancelled,
)
from interhuman_desktop.api.stream import open_stream
from interhuman_desktop.api.upload import analyze_file


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("up") / "talk.mp4", seconds=6, face=True)


@pytest.fixture(scope="module")
def big_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import numpy as np

    def noisy(i: int) -> Any:
        return np.random.default_rng(i).integers(0, 255, (240, 320, 3), np.uint8)

    path = tmp_path_factory.mktemp("up") / "big.mp4"
    return make_clip(path, seconds=8, bitrate=8_000_000, frame_fn=noisy)


async def _upload(engine: Any, path: Path, key: str | None = None, **kwargs: Any) -> AnalysisResult:
    async with make_http_client() as http:
        client = make_client(Backend.local(engine.base_url, key or engine.api_key), http)
        return await analyze_file(client, path, **kwargs)


def test_upload_with_progress_to_file_size(engine: Any, clip: Path) -> None:
    seen: list[tuple[int, int]] = []
    result = asyncio.run(
        _upload(
            engine,
            clip,
            on_progress=lambda a, b: seen.append((a, b)),
            include=["conversation_quality_overall", "conversation_quality_timeline"],
            goal_dimensions=["clarity", "rapport"],
        )
    )
    size = clip.stat().st_size
    assert seen and seen[-1] == (size, size)
    assert [a for a, _ in seen] == sorted(a for a, _ in seen)
    assert isinstance(result, AnalysisResult)
    assert result.conversation_quality is not None
    assert result.engagement_state  # always present
    assert result.feedback is not None


def test_cancel_mid_upload_then_engine_still_serves(
    engine: Any, big_clip: Path, clip: Path
) -> None:
    async def go() -> None:
        cancel = asyncio.Event()

        def progress(sent: int, total: int) -> None:
            if sent >= total // 5:
                cancel.set()

        await _upload(engine, big_clip, on_progress=progress, cancel=cancel)

    with pytest.raises(UploadCancelled):
        asyncio.run(go())
    assert isinstance(asyncio.run(_upload(engine, clip)), AnalysisResult)


@pytest.mark.parametrize(
    ("fault", "error_cls", "min_delay"),
    [("upload-500-every=2", ServerError, 0.0), ("upload-429-every=2", RateLimitedError, 1.0)],
)
def test_retry_on_engine_faults(
    engine_factory: Any, clip: Path, fault: str, error_cls: type, min_delay: float
) -> None:
    engine = engine_factory(faults=[fault])
    retries: list[tuple[type, int, float]] = []

    async def go() -> None:
        async with make_http_client() as http:
            client = make_client(Backend.local(engine.base_url, engine.api_key), http)
            for _ in range(2):  # the 2nd upload is faulted once, then retried
                await analyze_file(
                    client,
                    clip,
                    max_attempts=3,
                    on_retry=lambda e, n, d: retries.append((type(e), n, d)),
                )

    asyncio.run(go())
    assert len(retries) == 1
    kind, attempt, delay = retries[0]
    assert kind is error_cls and attempt == 1
    if min_delay:
        assert delay == min_delay  # Retry-After: 1 honoured


def test_bad_key_is_auth_error_with_details(engine: Any, clip: Path) -> None:
    with pytest.raises(AuthError) as info:
        asyncio.run(_upload(engine, clip, key="wrong-key"))
    err = info.value
    assert err.status == 401 and err.error_id == "ih2001"
    assert err.correlation_id
    assert "wrong-key" not in err.user_message()


def test_stream_handshake_and_contract(engine: Any) -> None:
    async def go() -> Any:
        async with make_http_client() as http:
            bad = make_client(Backend.local(engine.base_url, "wrong"), http)
            with pytest.raises(StreamHandshakeError) as info:
                await open_stream(bad, engine.base_url)
            assert info.value.status == 401 and info.value.fatal
            good = make_client(Backend.local(engine.base_url, engine.api_key), http)
            conn = await open_stream(good, engine.base_url)
            async with asyncio.timeout(60):
                contract = await conn.wait_ready()
            await conn.close()
            return contract

    contract = asyncio.run(go())
    assert contract.min_segment_duration_seconds == 3
    assert contract.max_segment_size_bytes == 33_554_432
    assert contract.idle_timeout_seconds == 300


def test_key_pair_exchange_for_upload_and_stream(engine_factory: Any, clip: Path) -> None:
    engine = engine_factory(key_pairs=["kid-1:s3cret-value"])
    backend = Backend(
        kind="local", base_url=engine.base_url, key_id="kid-1", key_secret="s3cret-value"
    )
    wrong = Backend(kind="local", base_url=engine.base_url, key_id="kid-1", key_secret="nope")

    async def go() -> Any:
        async with make_http_client() as http:
            result = await analyze_file(make_client(backend, http), clip)
            conn = await open_stream(make_client(backend, http), engine.base_url)
            async with asyncio.timeout(60):
                contract = await conn.wait_ready()
            await conn.close()
            with pytest.raises(AuthError) as info:
                await analyze_file(make_client(wrong, http), clip)
            assert "nope" not in info.value.user_message()
            return result, contract

    result, contract = asyncio.run(go())
    assert isinstance(result, AnalysisResult)
    assert contract.min_segment_duration_seconds == 3


@pytest.mark.parametrize("suffix", [".mov", ".mkv", ".webm", ".avi", ".ts"])
def test_every_container_uploads(engine: Any, tmp_path: Path, suffix: str) -> None:
    clip = make_clip(tmp_path / f"clip{suffix}", seconds=4)
    result = asyncio.run(_upload(engine, clip))
    assert result.engagement_state
