"""``interhuman-desktop compare A B``: two library entries' CQI dimensions and signal rates
side by side, with the deltas of B against A (entries by id or title, like ``export``).
Exit codes: 0 ok, 2 usage (unknown entry, ambiguous title)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from interhuman_desktop.commands.backend_choice import UsageError, error
from interhuman_desktop.commands.export import find_entries
from interhuman_desktop.commands.library_arg import add_library_arg, library_root
from interhuman_desktop.storage.library import Library

if TYPE_CHECKING:
    from interhuman_desktop.session.compare import Comparison


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("compare", help="compare two library entries (CQI, signal rates)")
    p.add_argument("a", metavar="A", help="the first entry (id or title)")
    p.add_argument("b", metavar="B", help="the entry compared with it (id or title)")
    p.add_argument("--no-feedback", action="store_true", help="leave out each take's feedback")
    add_library_arg(p)


def format_table(rows: list[tuple[str, str, str, str]], head: tuple[str, str, str, str]) -> str:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
             for r in [head, *rows]]
    lines.insert(1, "  ".join("─" * w for w in widths))
    return "\n".join(lines)


def render(comparison: Comparison, feedback: bool = True) -> str:
    from interhuman_desktop.session.compare import table_rows

    a, b = comparison.a, comparison.b
    head = ("", f"A: {a.title}", f"B: {b.title}", "B − A")
    out = [format_table(table_rows(comparison), head)]
    if not comparison.signals:
        out.append("(no signals in either take)")
    if feedback:
        for name, take, items in (("A", a, comparison.feedback_a),
                                  ("B", b, comparison.feedback_b)):
            out.append(f"\nFeedback {name} ({take.title}):")
            out += [f"  - {text}" for _t, text in items] or ["  (none)"]
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    from interhuman_desktop.session.compare import compare, take_of

    library = Library(library_root(args))
    try:
        first, second = find_entries(library, [args.a, args.b], False)
    except UsageError as exc:
        error(str(exc))
        return 2
    finally:
        library.close()
    print(render(compare(take_of(first), take_of(second)), not args.no_feedback))
    return 0
