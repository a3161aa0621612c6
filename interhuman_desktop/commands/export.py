"""``interhuman-desktop export ENTRY… --format json|csv|eaf|pdf --out PATH``.

Entries by id or title (exact, else a unique part of it), or ``--all``. One entry is written at
PATH (for ``csv``: a folder, created, or a ``.zip``); several go into the folder PATH, one each.
Exit codes: 0 ok, 2 usage (unknown entry, ambiguous title, bad destination).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from interhuman_desktop.commands.backend_choice import UsageError, error, note
from interhuman_desktop.commands.library_arg import add_library_arg, library_root
from interhuman_desktop.export import FORMATS
from interhuman_desktop.storage.library import Entry, Library


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("export", help="export library entries (JSON, CSV, ELAN, PDF)")
    p.add_argument("entries", nargs="*", metavar="ENTRY", help="entry id or title")
    p.add_argument("--all", action="store_true", help="every entry in the library")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--out", required=True, type=Path, metavar="PATH",
                   help="file (csv: folder or .zip); a folder for several entries")
    p.add_argument("--media-paths", action="store_true",
                   help="include the media's absolute path (left out by default)")
    add_library_arg(p)


def find_entries(library: Library, wanted: list[str], everything: bool) -> list[Entry]:
    """The entries named by id or title, in the order given (``--all``: oldest first)."""
    if everything:
        return list(reversed(library.search()))
    if not wanted:
        raise UsageError("name at least one entry (id or title), or use --all")
    return [_one(library, text) for text in wanted]


def _one(library: Library, text: str) -> Entry:
    if text.isdigit():
        try:
            return library.get(int(text))
        except KeyError:
            pass
    entries = library.search()
    exact = [e for e in entries if e.title.lower() == text.strip().lower()]
    found = exact or [e for e in entries if text.strip().lower() in e.title.lower()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError(f"no entry with id or title {text!r}")
    names = ", ".join(f"{e.id} ({e.title})" for e in found[:8])
    raise UsageError(f"{text!r} matches several entries: {names}; give an id")


def run(args: argparse.Namespace) -> int:
    from interhuman_desktop.export.run import ExportError, export_entries

    library = Library(library_root(args))
    try:
        entries = find_entries(library, args.entries, args.all)
        export_entries(entries, args.format, args.out, media_paths=args.media_paths,
                       on_done=lambda e, p: note(f"exported {e.id} ({e.title}) → {p}"))
    except (UsageError, ExportError) as exc:
        error(str(exc))
        return 2
    finally:
        library.close()
    return 0
