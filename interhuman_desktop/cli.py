"""One entry point: ``interhuman-desktop [gui|analyze|live|engine] …``.

Each subcommand lives in ``interhuman_desktop/commands/<name>.py`` and exposes
``register(subparsers)`` and ``run(args) -> int``. Modules are imported only when their
subcommand runs, so ``engine`` never pays for Qt and ``analyze`` never pays for the GUI.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from interhuman_desktop import __version__

SUBCOMMANDS = ("gui", "analyze", "live", "engine")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interhuman-desktop",
        description="Analyse social signals in video, live or from files (local engine default).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        module = _command_module(name)
        if module is not None:
            module.register(sub)
    return parser


def _command_module(name: str):
    try:
        return importlib.import_module(f"interhuman_desktop.commands.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"interhuman_desktop.commands.{name}":
            return None  # not built yet
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    command = args.command or "gui"
    module = _command_module(command)
    if module is None:
        parser.error(f"the '{command}' command is not available in this build")
    if args.command is None:
        args = parser.parse_args([command, *(argv or sys.argv[1:])])
    return int(module.run(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
