"""``interhuman-desktop import FILE.json [--media PATH]``: a library entry from a JSON export.

The media is copied in from ``--media``, the document's path, or a file of the same name
beside the JSON; without it the entry opens with its lanes only. Exit codes: 0 ok, 2 usage.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from interhuman_desktop.commands.backend_choice import error, note
from interhuman_desktop.commands.library_arg import add_library_arg, library_root
from interhuman_desktop.storage.library import Library


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("import", help="add an entry to the library from a JSON export")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.json")
    p.add_argument("--media", type=Path, default=None, help="the entry's video, if moved")
    add_library_arg(p)


def run(args: argparse.Namespace) -> int:
    from interhuman_desktop.export.json_import import ImportFailed, import_document

    library = Library(library_root(args))
    failed = 0
    try:
        for path in args.files:
            try:
                entry = import_document(library, path, args.media)
            except ImportFailed as exc:
                error(str(exc))
                failed += 1
                continue
            video = "with its video" if entry.media and entry.media.exists() else "without video"
            note(f"imported {path.name} as entry {entry.id} ({entry.title}), {video}")
    finally:
        library.close()
    return 2 if failed else 0
