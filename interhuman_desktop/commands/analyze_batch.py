"""``interhuman-desktop analyze DIR``: a resumable batch over a folder's videos.

Every file is preflighted (``--fit`` transcodes or splits those outside the limits), analysed
within the concurrency limit and saved into the library as it finishes; the batch's state is in
``batch.sqlite3`` beside the library, so the same command run again after a kill or Ctrl-C
continues where it stopped and skips what is already analysed (by content hash). stdout gets
one line per file and a final summary with the path of the summary CSV.
Exit codes: 0 every file has a result, 2 some were refused or need --fit, 3 some failed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from interhumanai import InterhumanClient

from interhuman_desktop.api.backend import Backend, make_client, make_http_client
from interhuman_desktop.api.errors import AppError
from interhuman_desktop.commands.backend_choice import UsageError, backend_for, note, resolve_key
from interhuman_desktop.commands.backend_choice import error as _error
from interhuman_desktop.commands.batch_lines import BatchPrinter
from interhuman_desktop.commands.exit_codes import (
    EXIT_CANCELLED,
    EXIT_OK,
    EXIT_SERVICE,
    EXIT_USAGE,
    exit_code,
)
from interhuman_desktop.commands.library_arg import library_root
from interhuman_desktop.session.batch import BatchOptions, BatchOutcome, BatchRun
from interhuman_desktop.session.batch_summary import write_summary
from interhuman_desktop.session.file_analysis import AnalysisRequest
from interhuman_desktop.session.file_queue import FileQueue
from interhuman_desktop.storage.batch_store import DB_NAME, AsyncBatchStore
from interhuman_desktop.storage.library import AsyncLibrary, Entry

CLOUD_CONCURRENCY = 5  # "max 5 concurrent requests per account" (ih3002; interhuman-api.md §7)


def add_batch_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--recursive", action="store_true",
                        help="with a folder: also the videos in its sub-folders")
    parser.add_argument("--concurrency", type=int, default=None, metavar="N",
                        help="with a folder: analyses at once (default: the engine's worker "
                             f"pool locally, {CLOUD_CONCURRENCY} for the cloud)")


def check_file_args(args: argparse.Namespace) -> None:
    if args.recursive or args.concurrency is not None:
        raise UsageError("--recursive and --concurrency go with a folder, not a file")


def default_concurrency(kind: str) -> int:
    if kind == "local":
        from interhuman_desktop.engine.settings import EngineSettings

        return EngineSettings().workers  # the local engine's analysis pool
    return CLOUD_CONCURRENCY


def _check_batch_args(args: argparse.Namespace) -> None:
    if args.json_out is not None:
        raise UsageError("--json is for one file; a folder's results go into the library "
                         "(use --export json --out DIR)")
    if args.no_save:
        raise UsageError("a folder batch keeps its results in the library: drop --no-save")
    if args.concurrency is not None and args.concurrency < 1:
        raise UsageError("--concurrency must be at least 1")


def run_batch(args: argparse.Namespace, include: list[str], goals: list[str]) -> int:
    _check_batch_args(args)
    key = resolve_key(args)
    request = AnalysisRequest(include=tuple(include), goal_dimensions=tuple(goals),
                              conversation_context=args.context)
    printer = BatchPrinter(sys.stdout, folder=args.file.resolve())
    try:
        with backend_for(args, key) as backend:
            concurrency = args.concurrency or default_concurrency(backend.kind)
            options = BatchOptions(args.file, recursive=args.recursive, fit=args.fit,
                                   request=request, backend=backend.kind)
            outcome = asyncio.run(_batch(args, backend, options, concurrency, printer))
    except AppError as exc:
        _error(exc.user_message())
        return exit_code(exc)
    except KeyboardInterrupt:
        _error("stopped; run the same command again to continue where it stopped.")
        return EXIT_CANCELLED
    counts = outcome.progress.counts
    if counts["failed"] or counts["cancelled"]:
        return EXIT_SERVICE
    return EXIT_USAGE if counts["refused"] or counts["needs_fit"] else EXIT_OK


async def _batch(args: argparse.Namespace, backend: Backend, options: BatchOptions,
                 concurrency: int, printer: BatchPrinter) -> BatchOutcome:
    root = library_root(args)
    library = await asyncio.to_thread(AsyncLibrary, root)
    store = await asyncio.to_thread(AsyncBatchStore, root / DB_NAME)
    try:
        async with make_http_client() as http:
            client = make_client(backend, http)

            async def provider() -> InterhumanClient:
                return client

            queue = FileQueue(provider, concurrency=concurrency)
            run = BatchRun(queue, store, library, options, on_file=printer.file,
                           on_progress=printer.progress)
            note(f"analysing {options.folder} ({backend.kind}, {concurrency} at a time)…")
            try:
                outcome = await run.run()
            finally:
                await queue.aclose()
        await _finish(args, library, root, outcome, printer)
        return outcome
    finally:
        await asyncio.to_thread(store.close)
        await asyncio.to_thread(library.close)


async def _finish(args: argparse.Namespace, library: AsyncLibrary, root: Path,
                  outcome: BatchOutcome, printer: BatchPrinter) -> None:
    entries: dict[int, Entry] = {}
    for f in outcome.files:
        if f.entry_id is not None and f.entry_id not in entries:
            try:
                entries[f.entry_id] = await library.call("get", f.entry_id)
            except KeyError:  # deleted from the library meanwhile
                continue
    out_dir: Path | None = args.out
    target = (out_dir / "summary.csv" if out_dir is not None
              else root / "batches" / f"batch-{outcome.batch_id}.csv")
    summary = await asyncio.to_thread(write_summary, target, outcome.files, entries,
                                      printer.folder)
    if args.export and entries:
        from interhuman_desktop.export.run import export_entries, file_name

        assert out_dir is not None
        chosen, dest = list(entries.values()), out_dir / args.export
        if len(chosen) == 1:  # one entry is written at its target: keep it in the folder
            dest = dest / file_name(chosen[0], args.export)
        paths = await asyncio.to_thread(export_entries, chosen, args.export, dest)
        note(f"exported {len(paths)} entries as {args.export} → {out_dir / args.export}")
    printer.summary(outcome, summary, time.monotonic())
