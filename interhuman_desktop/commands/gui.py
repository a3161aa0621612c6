"""``interhuman-desktop gui``: start the desktop app (the default with no subcommand).

Qt is imported only inside :func:`run`, so the CLI and the layering test never pay for it.
"""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gui", help="start the desktop app (default)")
    parser.add_argument("--theme", choices=("system", "light", "dark"), default=None,
                        help="override the saved theme for this run")


def run(args: argparse.Namespace) -> int:
    from interhuman_desktop import app

    return app.run(theme=getattr(args, "theme", None))
