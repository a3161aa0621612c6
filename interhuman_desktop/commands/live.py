"""``interhuman-desktop live``: a headless live session with a health line and metrics.

    interhuman-desktop live --source camera[:INDEX]|file:PATH|synthetic --duration SECONDS
        [--local | --base-url URL] [--api-key KEY] [--segment-seconds 3] [--out DIR]
        [--metrics FILE] [--goals clarity,rapport]
    interhuman-desktop live --audio-only [--source microphone[:ID]|FILE] --duration SECONDS …

``--audio-only``: no camera; the microphone (or a file's sound, played as the microphone)
goes as raw PCM to the V2 stream's ``inter-2-audio`` model (``session.audio_live``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from interhuman_desktop.api.backend import Backend, make_client, make_http_client
from interhuman_desktop.api.errors import AppError
from interhuman_desktop.capture import CaptureError
from interhuman_desktop.capture.spec import open_microphone, open_sources
from interhuman_desktop.commands.backend_choice import (
    UsageError,
    add_backend_args,
    backend_for,
    error,
    note,
    resolve_key,
)
from interhuman_desktop.config.paths import sessions_dir
from interhuman_desktop.core.memory import rss_mb
from interhuman_desktop.core.quality import DIMENSIONS
from interhuman_desktop.session.audio_live import SEGMENT_SECONDS, AudioLiveOptions, AudioPipeline
from interhuman_desktop.session.live import LiveOptions, LiveSession, LiveState
from interhuman_desktop.session.pipeline import LivePipeline

log = logging.getLogger(__name__)

GOALS = DIMENSIONS
HEALTH_EVERY = 3.0
Pipeline = LivePipeline | AudioPipeline
Build = tuple[LiveOptions, Callable[[LiveSession], Pipeline]]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("live", help="run a live session without the GUI")
    p.add_argument("--source", default=None,
                   help="camera[:INDEX], file:PATH (played in real time, looping) or synthetic "
                        "(default); with --audio-only: microphone[:ID] (default) or a file")
    p.add_argument("--audio-only", action="store_true",
                   help="no camera: the microphone's sound to the V2 stream's inter-2-audio "
                        "model as raw PCM (--api and --model do not apply)")
    p.add_argument("--duration", type=float, required=True, help="seconds to record")
    p.add_argument("--segment-seconds", type=float, default=None,
                   help="3–10 s (default 3); with --audio-only 0.5–10 s (default 2)")
    p.add_argument("--out", type=Path, default=None, help="session folder (default: user data)")
    p.add_argument("--metrics", type=Path, default=None, help="write the metrics JSON here")
    p.add_argument("--goals", default="", help=f"comma list of goal dimensions: {','.join(GOALS)}")
    p.add_argument("--api", default="v1", choices=("v1", "v2"),
                   help="v2: the Inter-2 stream, one continuous fragmented-MP4 stream")
    p.add_argument("--model", default=None, choices=("inter-2", "inter-2-audio"),
                   help="the V2 stream model (with --api v2; default inter-2)")
    add_backend_args(p)


def run(args: argparse.Namespace) -> int:
    try:
        goals = _parse_goals(args.goals)
        build = _audio_pipeline(args, goals) if args.audio_only else _video_pipeline(args, goals)
        folder = args.out or sessions_dir() / time.strftime("%Y%m%d-%H%M%S")
        folder.mkdir(parents=True, exist_ok=True)
        with backend_for(args, resolve_key(args)) as backend:
            metrics = asyncio.run(_live(backend, build, folder, args))
    except UsageError as exc:
        error(str(exc))
        return 2
    except CaptureError as exc:
        error(str(exc))
        return 2
    except AppError as exc:
        error(exc.user_message())
        return 4
    except KeyboardInterrupt:
        error("interrupted; the segments recorded so far are kept on disk")
        return 130
    if args.metrics:
        args.metrics.write_text(json.dumps(metrics, indent=2) + "\n")
    note(f"session folder: {folder}")
    return 0 if metrics["state"] == LiveState.ENDED.value else 3


def _parse_goals(text: str) -> tuple[str, ...] | None:
    values = tuple(v.strip().lower() for v in text.split(",") if v.strip())
    unknown = [v for v in values if v not in GOALS]
    if unknown:
        raise UsageError(f"--goals: unknown value(s) {', '.join(unknown)}")
    return values or None


def _video_pipeline(args: argparse.Namespace, goals: tuple[str, ...] | None) -> Build:
    args.source = args.source or "synthetic"
    video, audio = open_sources(args.source, warn=lambda text: note(f"warning: {text}"))
    options = LiveOptions(goal_dimensions=goals, api=args.api, model=args.model)
    seconds = args.segment_seconds or 3.0

    def build(session: LiveSession) -> Pipeline:
        return LivePipeline(session, video, audio, segment_seconds=seconds)

    return options, build


def _audio_pipeline(args: argparse.Namespace, goals: tuple[str, ...] | None) -> Build:
    args.source = args.source or "microphone"
    audio = open_microphone(args.source)
    seconds = args.segment_seconds or SEGMENT_SECONDS

    def build(session: LiveSession) -> Pipeline:
        return AudioPipeline(session, audio, segment_seconds=seconds)

    return AudioLiveOptions(goal_dimensions=goals), build


async def _live(backend: Backend, build: Build, folder: Path,
                args: argparse.Namespace) -> dict[str, Any]:
    rss_start = rss_mb()
    async with make_http_client() as http:
        client = make_client(backend, http)
        options, make_pipeline = build
        session = LiveSession(client, backend.base_url, folder, options)
        pipeline = make_pipeline(session)
        for check in await pipeline.preflight():
            if not check.ok:
                note(f"preflight: {check.message} {check.fix}")
        await pipeline.start()
        note(f"live: recording {args.duration:.0f} s from {args.source} → {backend.kind} analysis")
        try:
            while pipeline.elapsed < args.duration and session.state != LiveState.FAILED:
                await asyncio.sleep(min(HEALTH_EVERY, max(0.05, args.duration - pipeline.elapsed)))
                note(health_line(pipeline.health()))
        finally:
            result = await pipeline.stop()
    if session.error is not None:
        error(session.error.user_message())
    metrics = {**result.health, "rss_mb_start": round(rss_start, 1),
               "rss_mb_end": round(rss_mb(), 1),
               "recording": str(result.recording) if result.recording else None}
    note(health_line(metrics))
    return metrics


def health_line(h: dict[str, Any]) -> str:
    age = h.get("last_event_age")
    return (f"[{h['elapsed']:6.1f}s] {h['state']}: {_capture_part(h)}, "
            f"encode lag {h['encode_lag']:.2f}s, "
            f"segments {h['segments_recorded']} rec/{h['segments_sent']} sent/"
            f"{h['segments_acknowledged']} acked/{h['segments_failed']} failed/"
            f"{h['segments_lost']} lost, reconnects {h['reconnects']}, socket {h['socket']}, "
            f"events {h['events_received']}, last event "
            f"{'–' if age is None else f'{age:.1f}s ago'}")


def _capture_part(h: dict[str, Any]) -> str:
    if h.get("audio_only"):
        level = h.get("level_db")
        return (f"sound {'–' if level is None else f'{level:.0f} dBFS'}, "
                f"{h['seconds_recorded']:.1f} s recorded, dropped {h['blocks_dropped']} blocks")
    return f"fps {h['fps_in']:.0f}/{h['fps_out']:.0f}, dropped {h['frames_dropped']}"
