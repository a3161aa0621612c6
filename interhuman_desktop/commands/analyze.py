"""``interhuman-desktop analyze FILE``: preflight, upload (cloud or local engine), summary or JSON.

Exit codes: 0 ok, 2 usage or preflight refusal, 3 service error, 4 network / engine unavailable,
130 cancelled.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

import interhumanai
from interhumanai import AnalysisResult

from interhuman_desktop import __version__
from interhuman_desktop.api.backend import Backend, make_client, make_http_client
from interhuman_desktop.api.errors import AppError, NetworkError, ServiceError, UploadCancelled
from interhuman_desktop.api.summary import render_summary
from interhuman_desktop.api.upload import UploadOutcome, analyze_file_raw
from interhuman_desktop.commands.analyze_save import (
    add_save_args,
    check_save_args,
    save_and_export,
)
from interhuman_desktop.commands.analyze_v2 import (
    add_v2_args,
    audio_parts,
    upload_all_v2,
    v2_plan,
)
from interhuman_desktop.commands.backend_choice import (
    UsageError,
    add_backend_args,
    backend_for,
    resolve_key,
)
from interhuman_desktop.commands.backend_choice import error as _error
from interhuman_desktop.commands.backend_choice import note as _note
from interhuman_desktop.core.quality import DIMENSIONS
from interhuman_desktop.encode.fit import FitError, Part, make_it_fit, stitch
from interhuman_desktop.encode.preflight import preflight
from interhuman_desktop.encode.probe import MediaInfo, probe

log = logging.getLogger(__name__)

EXIT_OK, EXIT_USAGE, EXIT_SERVICE, EXIT_NETWORK, EXIT_CANCELLED = 0, 2, 3, 4, 130
INCLUDE_ALIASES = {
    "overall": "conversation_quality_overall",
    "timeline": "conversation_quality_timeline",
}
GOALS = DIMENSIONS


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("analyze", help="analyse one video file and print a summary")
    p.add_argument("file", type=Path, help="video file (mp4, mov, avi, mkv, webm, ts)")
    p.add_argument("--include", default="", help="comma list: overall,timeline")
    p.add_argument("--goals", default="", help=f"comma list of goal dimensions: {','.join(GOALS)}")
    p.add_argument("--context", default=None, help="free-text description of the conversation")
    p.add_argument(
        "--json",
        dest="json_out",
        type=Path,
        default=None,
        help="write the JSON result here (- for stdout)",
    )
    add_backend_args(p)
    p.add_argument(
        "--fit", action="store_true", help="re-encode or split a file outside the upload limits"
    )
    add_save_args(p)
    add_v2_args(p)
    p.set_defaults(command="analyze")


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except UsageError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("cancelled; nothing was analysed.")
        return EXIT_CANCELLED


def _run(args: argparse.Namespace) -> int:
    include = _parse_include(args.include)
    goals = _parse_goals(args.goals)
    check_save_args(args)
    info = _checked_media(args.file)
    plan = v2_plan(args, goals, info)
    key = resolve_key(args)
    with tempfile.TemporaryDirectory(prefix="ih-fit-") as tmp:
        parts = audio_parts(plan, info) or _plan_parts(args.file, info, args.fit, Path(tmp))
        try:
            with backend_for(args, key) as backend:
                outcomes = asyncio.run(
                    upload_all_v2(backend, parts, include, plan,
                                  lambda label: ProgressBar(label, sys.stderr))
                    if plan else _upload_all(backend, parts, include, goals, args.context))
        except AppError as exc:
            _error(exc.user_message())
            return _exit_code(exc)
        _emit(args, info, backend, parts, outcomes)
        save_and_export(args, info, backend, parts, outcomes)
    return EXIT_OK


def _parse_include(text: str) -> list[str]:
    values = [v.strip() for v in text.split(",") if v.strip()]
    unknown = [v for v in values if v not in INCLUDE_ALIASES and v not in INCLUDE_ALIASES.values()]
    if unknown:
        raise UsageError(f"--include: unknown value(s) {', '.join(unknown)}; use overall,timeline")
    return [INCLUDE_ALIASES.get(v, v) for v in values]


def _parse_goals(text: str) -> list[str]:
    values = [v.strip().lower() for v in text.split(",") if v.strip()]
    unknown = [v for v in values if v not in GOALS]
    if unknown:
        raise UsageError(f"--goals: unknown value(s) {', '.join(unknown)}; use {','.join(GOALS)}")
    return values


def _checked_media(path: Path) -> MediaInfo:
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    return probe(path)


def _plan_parts(path: Path, info: MediaInfo, fit: bool, out_dir: Path) -> list[Part]:
    verdict = preflight(info)
    if verdict.ok:
        return [Part(path, 0.0, info.duration)]
    reasons = " ".join(verdict.reasons)
    if verdict.action == "refuse" or not fit:
        hint = "" if verdict.action == "refuse" else " Or run again with --fit to do it for you."
        raise UsageError(f"{path.name}: cannot upload as is. {reasons}{hint}")
    _note(f"{verdict.action}: preparing {path.name} to fit the upload limits…")
    try:
        return make_it_fit(path, out_dir, info=info)
    except FitError as exc:
        raise UsageError(f"{path.name}: {exc}") from exc


async def _upload_all(
    backend: Backend, parts: list[Part], include: list[str], goals: list[str], ctx: str | None
) -> list[UploadOutcome]:
    outcomes = []
    async with make_http_client() as http:
        client = make_client(backend, http)
        for index, part in enumerate(parts, 1):
            label = part.path.name if len(parts) == 1 else f"part {index}/{len(parts)}"
            bar = ProgressBar(label, sys.stderr)
            outcome = await analyze_file_raw(
                client,
                part.path,
                include=include,
                goal_dimensions=goals,
                conversation_context=ctx,
                on_progress=bar.update,
                on_retry=bar.retrying,
            )
            bar.done()
            outcomes.append(outcome)
    return outcomes


class ProgressBar:
    """A bar redrawn in place on a TTY; otherwise a line at each quarter."""

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label, self.stream = label, stream
        self.tty = stream.isatty()
        self._last_draw = 0.0
        self._last_quarter = -1
        self._waiting = False

    def update(self, sent: int, total: int) -> None:
        fraction = sent / total if total else 1.0
        self._draw(sent, total, fraction)
        if sent >= total and not self._waiting:
            self._waiting = True
            end = "\n" if self.tty else ""
            self.stream.write(f"{end}{self.label}: uploaded; waiting for the analysis…\n")
            self.stream.flush()

    def _draw(self, sent: int, total: int, fraction: float) -> None:
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw < 0.1 and sent < total:
                return
            self._last_draw = now
            filled = int(fraction * 30)
            bar = "#" * filled + "-" * (30 - filled)
            mib = f"{sent / 1_048_576:.1f}/{total / 1_048_576:.1f} MiB"
            self.stream.write(f"\r{self.label}: [{bar}] {fraction:4.0%} {mib}")
        else:
            quarter = int(fraction * 4)
            if quarter == self._last_quarter:
                return
            self._last_quarter = quarter
            self.stream.write(f"{self.label}: uploaded {fraction:.0%}\n")
        self.stream.flush()

    def retrying(self, error: AppError, attempt: int, delay: float) -> None:
        """on_retry hook: say why, and start the bar again (the file is sent again)."""
        if self.tty:
            self.stream.write("\n")
        self.stream.write(f"{self.label}: {error}; retry {attempt} in {delay:.1f} s\n")
        self.stream.flush()
        self._last_quarter, self._waiting = -1, False

    def done(self) -> None:
        self.stream.write(f"{self.label}: analysed\n")
        self.stream.flush()


def _emit(
    args: argparse.Namespace,
    info: MediaInfo,
    backend: Backend,
    parts: list[Part],
    outcomes: list[UploadOutcome],
) -> None:
    result = _combined(parts, outcomes)
    if args.json_out is None:
        sys.stdout.write(render_summary(result, title=f"{info.path.name} ({backend.kind})"))
        return
    text = json.dumps(_json_document(info, backend, parts, outcomes, result), indent=2)
    if str(args.json_out) == "-":
        sys.stdout.write(text + "\n")
        return
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(text + "\n", encoding="utf-8")
    _note(f"wrote {args.json_out}")


def _combined(parts: list[Part], outcomes: list[UploadOutcome]) -> AnalysisResult:
    if len(outcomes) == 1:
        return outcomes[0].result
    return stitch([(p.offset, o.result) for p, o in zip(parts, outcomes, strict=True)])


def _json_document(
    info: MediaInfo,
    backend: Backend,
    parts: list[Part],
    outcomes: list[UploadOutcome],
    result: AnalysisResult,
) -> dict[str, Any]:
    single = len(outcomes) == 1
    doc: dict[str, Any] = {
        "app": "interhuman-desktop",
        "app_version": __version__,
        "sdk_version": interhumanai.__version__,
        "file": {"name": info.path.name, "size_bytes": info.size_bytes, "duration": info.duration},
        "backend": {"kind": backend.kind, "base_url": backend.base_url},
        "result": (outcomes[0].raw if single else None) or result.model_dump(mode="json"),
    }
    if not single:
        doc["parts"] = [
            {"offset": p.offset, "duration": p.duration, "result": o.raw}
            for p, o in zip(parts, outcomes, strict=True)
        ]
    return doc


def _exit_code(exc: AppError) -> int:
    if isinstance(exc, UploadCancelled):
        return EXIT_CANCELLED
    if isinstance(exc, NetworkError):
        return EXIT_NETWORK
    if isinstance(exc, ServiceError):
        return EXIT_SERVICE
    return EXIT_SERVICE
