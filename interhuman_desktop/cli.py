"""One entry point: ``interhuman-desktop [gui|analyze|live|engine|recover|export|import] …``.

Each subcommand lives in ``interhuman_desktop/commands/<name>.py`` and exposes
``register(subparsers)`` and ``run(args) -> int``. Modules are imported only when their
subcommand runs, so ``engine`` never pays for Qt and ``analyze`` never pays for the GUI.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from interhuman_desktop import __version__

SUBCOMMANDS = ("gui", "analyze", "live", "engine", "recover", "export", "import", "compare")
MODULES = {"import": "import_entry"}  # a subcommand whose module name differs


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interhuman-desktop",
        description="Analyse social signals in video, live or from files (local engine default).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail to stderr")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation offscreen (resources, encode/decode, "
                             "local engine, main window) and exit 0, or 1 saying what failed")
    parser.add_argument("--self-test-only", metavar="CHECKS", help=argparse.SUPPRESS,
                        type=lambda text: {c.strip() for c in text.split(",") if c.strip()})
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        module = _command_module(name)
        if module is not None:
            module.register(sub)
    return parser


def _command_module(name: str) -> ModuleType | None:
    try:
        module = MODULES.get(name, name)
        return importlib.import_module(f"interhuman_desktop.commands.{module}")
    except ModuleNotFoundError as exc:
        if exc.name == f"interhuman_desktop.commands.{MODULES.get(name, name)}":
            return None  # not built yet
        raise


GLOBAL_FLAGS = ("-v", "--verbose")


def with_default_command(argv: Sequence[str]) -> list[str]:
    """``interhuman-desktop [-v] [GUI OPTIONS] [FILE …]`` means ``gui …`` ("Open with", %F)."""
    argv = list(argv)
    n = 0
    while n < len(argv) and argv[n] in GLOBAL_FLAGS:
        n += 1
    head, rest = argv[:n], argv[n:]
    if rest and (rest[0] in SUBCOMMANDS or rest[0] in ("-h", "--help", "--version")):
        return argv
    return [*head, "gui", *rest]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    raw = list(sys.argv[1:] if argv is None else argv)
    if not any(a in ("--self-test",) or a.startswith("--self-test-only") for a in raw):
        raw = with_default_command(raw)
    args = parser.parse_args(raw)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    from interhuman_desktop.core.redact import install_redaction

    install_redaction()  # no credential in any log line, at any level (also -v)
    if args.self_test or args.self_test_only:
        return run_self_test(args.self_test_only)
    module = _command_module(args.command)
    if module is None:
        parser.error(f"the '{args.command}' command is not available in this build")
    return int(module.run(args) or 0)


def run_self_test(only: set[str] | None = None) -> int:
    """``--self-test``: the checks of :mod:`interhuman_desktop.selftest`, then the main window.

    ``only`` (hidden ``--self-test-only gui,engine``; the bench times ``gui`` alone) limits the
    run to the named checks: ``core`` (resources, encode, decode), ``engine`` and ``gui``.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from interhuman_desktop.selftest import run_checks

    wanted = only or {"core", "engine", "gui"}
    results = run_checks(engine="engine" in wanted) if wanted & {"core", "engine"} else []
    if "gui" in wanted:
        results.append(_gui_check())
    out = sys.stdout
    for name, ok, detail in results:
        if out is not None:
            out.write(f"self-test: {'PASS' if ok else 'FAIL'} {name}: {detail}\n")
    failed = [name for name, ok, _ in results if not ok]
    if out is not None:
        out.write("self-test: all checks passed\n" if not failed
                  else f"self-test: FAILED: {', '.join(failed)}\n")
        out.flush()
    return 1 if failed else 0


def _gui_check() -> tuple[str, bool, str]:
    """Open the main window offscreen (:mod:`interhuman_desktop.ui.selftest`)."""
    import time

    try:
        from interhuman_desktop.ui.selftest import open_main_window_for_self_test
    except Exception as exc:  # catch-all: a broken Qt install shows here, as a FAIL
        logging.getLogger(__name__).exception("self-test: the Qt layer did not import")
        return "main window", False, f"{type(exc).__name__}: {exc}"
    started = time.monotonic()
    try:
        painted = open_main_window_for_self_test()
    except Exception as exc:
        logging.getLogger(__name__).exception("self-test: the main window failed")
        return "main window", False, f"{type(exc).__name__}: {exc}"
    took = f"[{time.monotonic() - started:.1f} s]"
    if not painted:
        return "main window", False, f"did not open or paint (see the log) {took}"
    return "main window", True, f"painted {took}"


if __name__ == "__main__":
    raise SystemExit(main())
