"""``interhuman-desktop analyze FILE|DIR``: preflight, upload (cloud or local engine), results.

A FILE: a summary on stdout or the JSON document, saved into the library. A DIR: a resumable
batch over its videos (``commands/analyze_batch.py``).
Exit codes: 0 ok, 2 usage or preflight refusal, 3 service error, 4 network / engine unavailable,
130 cancelled.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from pathlib import Path

from interhuman_desktop.api.backend import Backend, make_client, make_http_client
from interhuman_desktop.api.errors import AppError
from interhuman_desktop.api.upload import UploadOutcome, analyze_file_raw
from interhuman_desktop.commands.analyze_batch import add_batch_args, check_file_args, run_batch
from interhuman_desktop.commands.analyze_output import emit
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
from interhuman_desktop.commands.exit_codes import EXIT_CANCELLED, EXIT_OK, EXIT_USAGE, exit_code
from interhuman_desktop.commands.progress_bar import ProgressBar
from interhuman_desktop.core.quality import DIMENSIONS
from interhuman_desktop.encode.fit import FitError, Part, make_it_fit
from interhuman_desktop.encode.preflight import preflight
from interhuman_desktop.encode.probe import MediaInfo, probe

__all__ = ["ProgressBar", "register", "run"]
log = logging.getLogger(__name__)

INCLUDE_ALIASES = {
    "overall": "conversation_quality_overall",
    "timeline": "conversation_quality_timeline",
}
GOALS = DIMENSIONS


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("analyze", help="analyse a video file (or a folder of them)")
    p.add_argument("file", type=Path,
                   help="video file (mp4, mov, avi, mkv, webm, ts), or a folder: a batch")
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
    add_batch_args(p)
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
    if args.file.is_dir():
        return run_batch(args, include, goals)
    check_file_args(args)
    info = _checked_media(args.file)
    plan = v2_plan(args, goals, info)
    key = resolve_key(args)
    with tempfile.TemporaryDirectory(prefix="ih-fit-") as tmp:
        parts = audio_parts(plan, info) or _plan_parts(args.file, info, args.fit, Path(tmp),
                                                       plan.model if plan else "v1")
        try:
            with backend_for(args, key) as backend:
                outcomes = asyncio.run(
                    upload_all_v2(backend, parts, include, plan,
                                  lambda label: ProgressBar(label, sys.stderr))
                    if plan else _upload_all(backend, parts, include, goals, args.context))
        except AppError as exc:
            _error(exc.user_message())
            return exit_code(exc)
        emit(args, info, backend, parts, outcomes)
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


def _plan_parts(path: Path, info: MediaInfo, fit: bool, out_dir: Path,
                model: str = "v1") -> list[Part]:
    verdict = preflight(info, model=model)
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
