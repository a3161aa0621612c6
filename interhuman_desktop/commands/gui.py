"""``interhuman-desktop gui``: start the desktop app (the default with no subcommand).

Qt is imported only inside :func:`run`, so the CLI and the layering test never pay for it.
On a Linux machine with no display (a server, CI, an SSH session) the window cannot open; the
command says so and shows the app's main job headlessly instead: the bundled sample clip is
analysed by the local engine and summarised on the terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.mp4"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("gui", help="start the desktop app (default)")
    parser.add_argument("--theme", choices=("system", "light", "dark"), default=None,
                        help="override the saved theme for this run")
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="video files to open in Analyze")


def has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    if not has_display():
        return _headless_demo()
    from interhuman_desktop import app

    return app.run(theme=getattr(args, "theme", None), files=list(getattr(args, "files", [])))


def _headless_demo() -> int:
    sys.stderr.write(
        "No display found, so the window cannot open (set DISPLAY, or run on a desktop).\n"
        "Meanwhile, here is what the app does: the sample clip analysed on this computer.\n\n")
    if not SAMPLE.is_file():
        sys.stderr.write("The sample clip is missing from this installation.\n")
        return 2
    from interhuman_desktop.commands import analyze

    parser = argparse.ArgumentParser(prog="interhuman-desktop")
    analyze.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["analyze", str(SAMPLE), "--local", "--include", "overall,timeline",
                              "--goals", "clarity,energy"])
    return int(analyze.run(args) or 0)
