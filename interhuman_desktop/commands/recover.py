"""``interhuman-desktop recover [DIR]``: recover live sessions on demand, into the library.

    interhuman-desktop recover                 every unfinished session in the app's session folder
    interhuman-desktop recover DIR             DIR is one session folder (``live --out DIR``) or
                                               a folder of them
        [--in-place]                           recover, but leave it out of the library

A session folder another process is still recording into (its ``owner.lock`` is held) is
refused, never touched. Recovery joins the segments into ``recording.mp4`` (checked, then the
segments are deleted), rebuilds the timeline from the journal and closes the journal; the
folder then moves into the library exactly as the app's start-up recovery does.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from interhuman_desktop.commands.backend_choice import error, note
from interhuman_desktop.core.folder_lock import FolderBusy, owner_pid
from interhuman_desktop.session.journal import JOURNAL, recover, unfinished_sessions
from interhuman_desktop.session.recovery import Recovery, load_finished, recover_session

log = logging.getLogger(__name__)

TITLE = "Recovered session {name}"
SOURCE = "recovered after a crash"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("recover", help="recover unfinished live sessions into the library")
    p.add_argument("folder", nargs="?", type=Path, default=None, metavar="DIR",
                   help="a session folder or a folder of them (default: the app's sessions)")
    p.add_argument("--in-place", action="store_true",
                   help="recover the folder where it is; do not move it into the library")


def _targets(folder: Path | None) -> list[Path]:
    if folder is None:
        from interhuman_desktop.config.paths import sessions_dir

        return unfinished_sessions(sessions_dir())
    if (folder / JOURNAL).exists():
        return [folder]  # named explicitly: also one that ended (it joins the library)
    return unfinished_sessions(folder)


def run(args: argparse.Namespace) -> int:
    folder = args.folder
    if folder is not None and not folder.is_dir():
        error(f"recover: no such folder {str(folder)!r}")
        return 2
    targets = _targets(folder)
    if not targets:
        note(f"recover: nothing to recover in {folder or 'the session folder'}")
        return 0
    busy = 0
    for target in targets:
        pid = owner_pid(target)
        if pid is not None:
            error(f"recover: {target} is still being recorded by process {pid or '?'}; "
                  "left alone")
            busy += 1
            continue
        try:
            done = _recover_one(target)
        except FolderBusy as exc:
            error(f"recover: {exc}; left alone")
            busy += 1
            continue
        note(describe(done))
        if not args.in_place:
            entry = asyncio.run(_save(done))
            note(f"  → library entry {entry.id} ({entry.folder})")
    return 3 if busy else 0


def _recover_one(folder: Path) -> Recovery:
    if recover(folder).ended:
        return load_finished(folder)
    return recover_session(folder)


def describe(done: Recovery) -> str:
    media = (f"{done.recording.name} ({done.duration:.1f} s)" if done.recording and done.duration
             else "no recording")
    return (f"recovered {done.folder}: {done.segments} segments → {media}, "
            f"{done.segments_removed} segment files removed, "
            f"{len(done.unanalysed)} without analysis, "
            f"{len(done.timeline.quality_periods)} quality periods")


async def _save(done: Recovery):
    from interhuman_desktop.config.paths import data_dir
    from interhuman_desktop.session.library_sync import save_live_session
    from interhuman_desktop.storage.library import AsyncLibrary

    library = await asyncio.to_thread(AsyncLibrary, data_dir() / "library")
    try:
        return await save_live_session(
            library, done.folder, done.recording, done.timeline,
            title=TITLE.format(name=done.folder.name), source=SOURCE)
    finally:
        await asyncio.to_thread(library.close)
