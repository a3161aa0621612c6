"""What ``analyze`` does after the analysis: save it into the library (as the GUI does) and,
with ``--export FORMAT --out PATH``, export that entry."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from interhuman_desktop.api.backend import Backend
from interhuman_desktop.api.upload import UploadOutcome
from interhuman_desktop.commands.backend_choice import UsageError, note
from interhuman_desktop.commands.library_arg import add_library_arg, library_root
from interhuman_desktop.encode.fit import Part
from interhuman_desktop.encode.probe import MediaInfo
from interhuman_desktop.export import FORMATS
from interhuman_desktop.storage.library import Entry


def add_save_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--export", default=None, choices=FORMATS, metavar="FORMAT",
                        help="also export the saved entry: json, csv, eaf or pdf (needs --out)")
    parser.add_argument("--out", type=Path, default=None, metavar="PATH",
                        help="where --export writes (csv: a folder, created, or a .zip)")
    parser.add_argument("--no-save", action="store_true",
                        help="do not keep the result in the library")
    parser.add_argument("--keep-recording", choices=("always", "never"), default=None,
                        help="keep the video in the library entry (default: the app's "
                             "privacy setting; 'ask' keeps it)")
    add_library_arg(parser)


def check_save_args(args: argparse.Namespace) -> None:
    if args.export and args.out is None:
        raise UsageError("--export needs --out PATH")
    if args.out is not None and not args.export:
        raise UsageError("--out goes with --export FORMAT")
    if args.export and args.no_save:
        raise UsageError("--export exports the saved entry: drop --no-save")


async def _save(root: Path, media: Path, duration: float | None, backend: Backend,
                parts: list[Part], outcomes: list[UploadOutcome], keep: bool = True) -> Entry:
    from interhuman_desktop.session.from_result import add_basis, add_result
    from interhuman_desktop.session.library_sync import save_file_analysis
    from interhuman_desktop.session.timeline import SessionTimeline
    from interhuman_desktop.storage.library import AsyncLibrary

    timeline = SessionTimeline()
    for part, outcome in zip(parts, outcomes, strict=True):
        add_result(timeline, outcome.result, part.offset)
        add_basis(timeline, outcome.raw)  # the cues behind the scores, as the app keeps them
    raw: list[Any] = [o.raw for o in outcomes]
    library = AsyncLibrary(root)
    try:
        entry = await save_file_analysis(library, media, timeline, raw, duration=duration,
                                         backend=backend.kind,
                                         part_offsets=[p.offset for p in parts])
        if not keep:
            from interhuman_desktop.export.without_media import drop_recording

            entry = await drop_recording(library, entry)
        return entry
    finally:
        library.close()


def keep_recording(args: argparse.Namespace) -> bool:
    """``--keep-recording``, else the app's privacy setting ("ask" keeps: nobody to ask)."""
    if getattr(args, "keep_recording", None) is not None:
        return bool(args.keep_recording != "never")
    from interhuman_desktop.config.settings import settings_path
    from interhuman_desktop.config.settings_store import JsonSettingsStore

    return JsonSettingsStore(settings_path(), keep_api_key=True).load().keep_recording != "never"


def save_and_export(args: argparse.Namespace, info: MediaInfo, backend: Backend,
                    parts: list[Part], outcomes: list[UploadOutcome]) -> None:
    """Keep the analysis as a library entry; export it when asked."""
    if args.no_save:
        return
    keep = keep_recording(args)
    entry = asyncio.run(_save(library_root(args), info.path, info.duration, backend, parts,
                              outcomes, keep))
    note(f"saved to the library as entry {entry.id} ({entry.title})"
         + ("" if keep else "; its video was not kept (the results were)"))
    if args.export:
        from interhuman_desktop.export.run import export_entries

        (path,) = export_entries([entry], args.export, args.out)
        note(f"exported {args.export} → {path}")
