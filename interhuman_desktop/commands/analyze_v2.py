"""``analyze``'s V2 side: ``--model`` / ``--api``, and each part through a resumable V2 job.

V2 jobs are the default; ``--api v1`` keeps the V1 upload, and so do goals or a conversation
context (only V1 uploads give feedback, decisions #18; the command says so). Jobs are recorded
in the library database as soon as they are accepted, so a killed ``analyze`` run again on
the same file resumes its job instead of submitting it again (``session.v2_upload``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interhuman_desktop.api.backend import Backend, make_client, make_http_client
from interhuman_desktop.api.jobs import DEFAULT_MODEL, MODELS
from interhuman_desktop.api.upload import UploadOutcome
from interhuman_desktop.commands.backend_choice import UsageError, note
from interhuman_desktop.commands.library_arg import library_root
from interhuman_desktop.encode.fit import Part
from interhuman_desktop.encode.preflight import AUDIO_MODEL, SOUND_ONLY_NOTE, preflight
from interhuman_desktop.encode.probe import MediaInfo

LOCAL_SERVICE = "local"  # the engine's port changes each run; its jobs are one service


@dataclass(frozen=True)
class V2Plan:
    model: str
    library: Path


def add_v2_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=None, choices=MODELS,
                        help=f"the Inter-2 model of the V2 upload job (default {DEFAULT_MODEL})")
    parser.add_argument("--api", default="v2", choices=("v1", "v2"),
                        help="v2: upload jobs (the default); v1: the synchronous upload, the "
                             "only one with feedback (goals or --context choose it)")


def v2_plan(args: argparse.Namespace, goals: list[str], info: MediaInfo) -> V2Plan | None:
    """The V2 job plan, or None for a V1 upload (said on stderr when it is not asked for). A
    sound-only file goes to inter-2-audio whatever was asked (said on stderr when it differs)."""
    if args.api == "v1" and args.model:
        raise UsageError("--model chooses an Inter-2 model: it needs --api v2")
    model = "v1" if args.api == "v1" else args.model or DEFAULT_MODEL
    verdict = preflight(info, model=model)
    if verdict.model == AUDIO_MODEL and not info.has_video:
        if verdict.note or goals or args.context:
            note(f"{info.path.name}: {SOUND_ONLY_NOTE}")
        return V2Plan(AUDIO_MODEL, library_root(args))
    if args.api == "v1":
        return None
    reason = None
    if goals or args.context:
        what = "goals" if goals else "a conversation context"
        reason = f"{what} given: V1 (Inter-1) is the only upload that gives feedback"
    elif model == "inter-2" and not info.has_audio:
        reason = "the file has no sound, and inter-2 needs picture and sound (ih5008)"
    if reason is not None:
        note(f"{reason}: this upload uses V1 instead of a V2 job")
        return None
    return V2Plan(model, library_root(args))


def audio_parts(plan: V2Plan | None, info: MediaInfo) -> list[Part] | None:
    """inter-2-audio on a sound-only file (wav, flac, mp3, m4a, ogg…): the file as is when the
    preflight passes it (UsageError otherwise); None for anything else (the video preflight
    decides)."""
    if plan is None or plan.model != AUDIO_MODEL or info.has_video:
        return None
    verdict = preflight(info, model=AUDIO_MODEL)
    if not verdict.ok:
        raise UsageError(f"{info.path.name}: cannot upload as is. {' '.join(verdict.reasons)}")
    return [Part(info.path, 0.0, info.duration)]


def service_key(backend: Backend) -> str:
    return LOCAL_SERVICE if backend.kind == "local" else backend.base_url.rstrip("/")


async def upload_all_v2(backend: Backend, parts: list[Part], include: list[str], plan: V2Plan,
                        bar_factory: Callable[[str], Any]) -> list[UploadOutcome]:
    """Each part through a V2 job (recorded in the library); the outcomes in order."""
    from interhuman_desktop.session.v2_upload import LibraryLedger, V2Hooks, V2Upload
    from interhuman_desktop.storage.library import AsyncLibrary

    library = AsyncLibrary(plan.library)
    outcomes = []
    try:
        async with make_http_client() as http:
            client = make_client(backend, http)
            for index, part in enumerate(parts, 1):
                label = part.path.name if len(parts) == 1 else f"part {index}/{len(parts)}"
                bar = bar_factory(label)
                hooks = V2Hooks(on_progress=bar.update, on_retry=bar.retrying, note=note,
                                on_status=_status_printer(label))
                job = V2Upload(client, LibraryLedger(library), service_key(backend), part.path,
                               plan.model, tuple(include), hooks)
                outcomes.append(await job.run())
                bar.done()
    finally:
        library.close()
    return outcomes


def _status_printer(label: str) -> Callable[[Any], None]:
    last: list[str] = []

    def show(job: Any) -> None:
        status = job.status.value
        if not last or last[-1] != status:
            last.append(status)
            note(f"{label}: job {job.job_id} {status}")

    return show
