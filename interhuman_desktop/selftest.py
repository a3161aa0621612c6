"""The non-Qt half of ``interhuman-desktop --self-test`` (run from source and from the bundle).

Each check returns ``(name, ok, detail)``; none raises. The checks prove what a bundle most often
gets wrong: resources found through :mod:`interhuman_desktop.resources`, FFmpeg inside PyAV able
to encode (H.264 + AAC) and decode a segment, and the local engine child (the same executable
re-invoked with ``engine``) starting and analysing a generated clip end to end over HTTP.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

CheckResult = tuple[str, bool, str]

CLIP_SECONDS = 4.0  # the engine refuses segments under 3 s
CLIP_FPS = 15
CLIP_SIZE = (320, 240)
SAMPLE_RATE = 48_000


def check_resources() -> CheckResult:
    """The sample clip, the icon and OpenCV's face cascade are where the helper says."""
    from interhuman_desktop import resources

    try:
        import cv2

        clip = resources.sample_clip()
        icon = resources.icon_path()
        cascade = cv2.CascadeClassifier(str(resources.cascade_path()))
        if cascade.empty():
            return "resources", False, f"OpenCV could not load {resources.cascade_path()}"
        models = sorted(resources.bundled_models())
    except (FileNotFoundError, ImportError) as exc:
        return "resources", False, str(exc)
    media = [m for m in models if m.startswith("mediapipe:")]
    shown = [m for m in models if m not in media] + ([f"mediapipe ({len(media)} files)"]
                                                      if media else [])
    where = "bundle" if resources.is_frozen() else "source"
    return ("resources", True, f"{where} {resources.resources_dir()}: {clip.name}, {icon.name}; "
            f"models: {', '.join(shown)}")


def check_face_landmarks() -> CheckResult:
    """mediapipe's FaceMesh loads its graph and models (only when mediapipe is installed)."""
    import importlib.util

    if importlib.util.find_spec("mediapipe") is None:
        return "face landmarks", True, "mediapipe not installed: the Haar cascade is used"
    try:
        import numpy as np
        from mediapipe.python.solutions import face_mesh

        with face_mesh.FaceMesh(static_image_mode=True, refine_landmarks=True) as mesh:
            mesh.process(np.zeros((CLIP_SIZE[1], CLIP_SIZE[0], 3), np.uint8))
    except Exception as exc:
        log.exception("self-test: mediapipe FaceMesh failed")
        return "face landmarks", False, f"{type(exc).__name__}: {exc}"
    return "face landmarks", True, "mediapipe FaceMesh graph and models loaded"


def write_clip(path: Path, seconds: float = CLIP_SECONDS) -> float:
    """Encode a synthetic segment (moving pattern + tone) with the app's own segment writer."""
    from interhuman_desktop.capture.synthetic import pattern_image, tone_samples
    from interhuman_desktop.encode.segments import EncoderSettings, SegmentFile

    settings = EncoderSettings(fps=CLIP_FPS, sample_rate=SAMPLE_RATE)
    segment = SegmentFile(path, settings, start=0.0, index=0, audio=True)
    frames = round(seconds * CLIP_FPS)
    block = SAMPLE_RATE // CLIP_FPS
    for i in range(frames):
        t = i / CLIP_FPS
        segment.add_video(pattern_image(i, *CLIP_SIZE), t, t)
        segment.add_audio(tone_samples(i * block, block, SAMPLE_RATE, 440.0, 1.0, 0.5))
    return segment.close()


def check_encode(path: Path) -> CheckResult:
    try:
        duration = write_clip(path)
    except Exception as exc:
        log.exception("self-test: encoding failed")
        return "encode", False, f"{type(exc).__name__}: {exc}"
    return "encode", True, f"H.264 + AAC, {duration:.2f} s, {path.stat().st_size} bytes"


def check_decode(path: Path) -> CheckResult:
    import av

    try:
        with av.open(str(path)) as container:
            video = audio = 0
            for frame in container.decode(video=0, audio=0):
                if isinstance(frame, av.VideoFrame):
                    video += 1
                else:
                    audio += frame.samples
    except Exception as exc:
        log.exception("self-test: decoding failed")
        return "decode", False, f"{type(exc).__name__}: {exc}"
    expected = round(CLIP_SECONDS * CLIP_FPS)
    ok = video == expected and audio >= SAMPLE_RATE * (CLIP_SECONDS - 0.1)
    return "decode", ok, f"{video}/{expected} frames, {audio / SAMPLE_RATE:.2f} s of audio"


async def _analyse(base_url: str, api_key: str, path: Path) -> str:
    from interhuman_desktop.api.backend import Backend, make_client, make_http_client
    from interhuman_desktop.api.upload import analyze_file

    async with make_http_client() as http:
        client = make_client(Backend.local(base_url, api_key), http)
        result = await analyze_file(client, path)
    return f"{len(result.signals)} signals, {len(result.engagement_state)} engagement entries"


def check_engine(path: Path, timeout: float = 60.0) -> CheckResult:
    """Start the engine child (``<this executable> engine``) and analyse ``path`` through it."""
    from interhuman_desktop.engine.child import EngineStartError, start_engine

    started = time.monotonic()
    try:
        engine = start_engine(ready_timeout=timeout)
    except EngineStartError as exc:
        return "engine", False, str(exc)
    ready = time.monotonic() - started
    try:
        summary = asyncio.run(asyncio.wait_for(
            _analyse(engine.base_url, engine.api_key, path), timeout))
    except Exception as exc:
        log.exception("self-test: analysis through the engine failed")
        detail = f"{type(exc).__name__}: {exc}\n{engine.stderr_tail(1500)}"
        return "engine", False, detail
    finally:
        code = engine.stop()
    total = time.monotonic() - started
    ok = code == 0
    return ("engine", ok, f"ready in {ready:.1f} s, analysed in {total - ready:.1f} s: {summary}"
            + ("" if ok else f"; exit code {code}"))


def run_checks(engine: bool = True) -> list[CheckResult]:
    """Every non-GUI check, in order; the encode result feeds decode and the engine check."""
    results: list[CheckResult] = [_timed(check_resources), _timed(check_face_landmarks)]
    workdir = Path(tempfile.mkdtemp(prefix="ih-selftest-"))
    try:
        clip = workdir / "selftest.mp4"
        results.append(_timed(lambda: check_encode(clip)))
        if results[-1][1]:
            results.append(_timed(lambda: check_decode(clip)))
            if engine:
                results.append(_timed(lambda: check_engine(clip)))
        else:
            results.append(("decode", False, "skipped: nothing was encoded"))
            if engine:
                results.append(("engine", False, "skipped: nothing was encoded"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def _timed(check: Callable[[], CheckResult]) -> CheckResult:
    started = time.monotonic()
    name, ok, detail = check()
    return name, ok, f"{detail} [{time.monotonic() - started:.1f} s]"
