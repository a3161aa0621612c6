"""Where the CLI finds the library: ``--library DIR``, else the app's (user data dir)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_library_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--library", type=Path, default=None, metavar="DIR",
                        help="the library folder (default: the app's, in the user data dir)")


def library_root(args: argparse.Namespace) -> Path:
    if getattr(args, "library", None) is not None:
        return Path(args.library)
    from interhuman_desktop.config.paths import data_dir

    return data_dir() / "library"  # the app's (app.py)
