"""``interhuman-desktop live``: a headless live session with a health line and metrics.

    interhuman-desktop live --source camera[:INDEX]|file:PATH|synthetic --duration SECONDS
        [--local | --base-url URL] [--api-key KEY] [--segment-seconds 3] [--out DIR]
        [--metrics FILE] [--goals clarity,rapport]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import time
from pathlib import Path
from typing import Any

from interhuman_desktop.api.backend import Backend, make_client, make_http_client
from interhuman_desktop.api.errors import AppError
from interhuman_desktop.capture import AudioSource, CaptureError, VideoSource
from interhuman_desktop.capture.spec import open_sources
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
from interhuman_desktop.session.live import LiveOptions, LiveSession, LiveState
from interhuman_desktop.session.pipeline import LivePipeline

log = logging.getLogger(__name__)

GOALS = DIMENSIONS
HEALTH_EVERY = 3.0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("live", help="run a live session without the GUI")
    p.add_argument("--source", default="synthetic",
                   help="camera[:INDEX], file:PATH (played in real time, looping) or synthetic")
    p.add_argument("--duration", type=float, required=True, help="seconds to record")
    p.add_argument("--segment-seconds", type=float, default=3.0, help="3–10 s (default 3)")
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
        video, audio = open_sources(args.source, warn=lambda text: note(f"warning: {text}"))
        folder = args.out or sessions_dir() / time.strftime("%Y%m%d-%H%M%S")
        folder.mkdir(parents=True, exist_ok=True)
        with backend_for(args, resolve_key(args)) as backend:
            metrics = asyncio.run(_live(backend, video, audio, folder, args, goals))
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


async def _live(backend: Backend, video: VideoSource, audio: AudioSource | None, folder: Path,
                args: argparse.Namespace, goals: tuple[str, ...] | None) -> dict[str, Any]:
    rss_start = rss_mb()
    async with make_http_client() as http:
        client = make_client(backend, http)
        session = LiveSession(client, backend.base_url, folder, LiveOptions(goal_dimensions=goals,
                                                                   api=args.api,
                                                                   model=args.model))
        pipeline = LivePipeline(session, video, audio, segment_seconds=args.segment_seconds)
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
    return (f"[{h['elapsed']:6.1f}s] {h['state']}: fps {h['fps_in']:.0f}/{h['fps_out']:.0f}, "
            f"dropped {h['frames_dropped']}, encode lag {h['encode_lag']:.2f}s, "
            f"segments {h['segments_recorded']} rec/{h['segments_sent']} sent/"
            f"{h['segments_acknowledged']} acked/{h['segments_failed']} failed/"
            f"{h['segments_lost']} lost, reconnects {h['reconnects']}, socket {h['socket']}, "
            f"events {h['events_received']}, last event "
            f"{'–' if age is None else f'{age:.1f}s ago'}")
