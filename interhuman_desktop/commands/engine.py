"""``interhuman-desktop engine``: serve the local engine on 127.0.0.1.

A non-loopback ``--host`` is refused unless ``--allow-remote`` is given (then a warning: the
engine speaks plain HTTP); see guard.py for the Host / Origin checks it lifts or extends.

Keys come from ``--api-key`` (repeatable) and/or ``INTERHUMAN_ENGINE_API_KEYS`` (comma-separated),
so a parent process never has to put a key on a command line.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interhuman_desktop.engine.settings import EngineSettings

log = logging.getLogger("interhuman_desktop.engine")

KEYS_ENV = "INTERHUMAN_ENGINE_API_KEYS"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("engine", help="run the local analysis engine (HTTP + WebSocket)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1); a non-loopback address needs "
                        "--allow-remote")
    p.add_argument("--allow-remote", action="store_true",
                   help="allow a non-loopback --host and any Host header (plain HTTP: keys and "
                        "media cross the network unencrypted)")
    p.add_argument("--allow-origin", action="append", default=[], dest="allowed_origins",
                   metavar="ORIGIN",
                   help="a browser Origin allowed besides loopback ones (HTTP and WebSocket), "
                        "e.g. https://app.example (repeatable)")
    p.add_argument("--port", type=int, default=8765, help="port; 0 picks a free one")
    p.add_argument("--port-file", help="write the bound port here (atomically)")
    p.add_argument("--api-key", action="append", default=[], dest="api_keys", metavar="KEY",
                   help=f"an accepted API key (repeatable); prefer the {KEYS_ENV} env var")
    p.add_argument("--key-pair", action="append", default=[], dest="key_pairs",
                   metavar="ID:SECRET", help="a key pair exchangeable at /v1/auth")
    p.add_argument("--analyzer", default="cues", help="cues | scripted:FILE")
    p.add_argument("--fault", action="append", default=[], dest="faults", metavar="NAME=VALUE",
                   help="inject a fault (repeatable): upload-429-every=N, upload-500-every=N, "
                        "disconnect-after-segments=N, close-1011-after-segments=N, "
                        "first-event-delay=SECONDS")
    p.add_argument("--idle-timeout", type=float, default=300.0, metavar="S",
                   help="close a stream session after S seconds without a frame (ih6003)")
    p.add_argument("--max-duration", type=float, default=3600.0, metavar="S",
                   help="maximum stream session length in seconds (ih6004)")
    p.add_argument("--max-segment-bytes", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--read-timeout", type=float, default=30.0, metavar="S",
                   help="close a connection whose request head or body stalls for S seconds")
    p.add_argument("--body-deadline", type=float, default=300.0, metavar="S",
                   help="a request body must arrive within S seconds")
    p.add_argument("--auth-burst", type=int, default=10, metavar="N",
                   help="failed authentications allowed at once per client address (then 429)")
    p.add_argument("--auth-refill", type=float, default=1.0, metavar="S",
                   help="seconds for one more failed authentication to be allowed again")
    p.add_argument("--workers", type=int, default=4, help="analysis worker threads")
    p.add_argument("--parent-pid", type=int, default=None, metavar="PID",
                   help="exit when this process is gone (set by the app for its child engine)")
    from interhuman_desktop.engine.v2.cli import add_arguments

    add_arguments(p)


def _settings(args: argparse.Namespace) -> EngineSettings:
    from interhuman_desktop.engine.faults import Faults
    from interhuman_desktop.engine.guard import check_origin_spec
    from interhuman_desktop.engine.settings import EngineSettings, parse_key_pair

    keys = [k for k in args.api_keys if k]
    keys += [k.strip() for k in os.environ.get(KEYS_ENV, "").split(",") if k.strip()]
    pairs = dict(parse_key_pair(spec) for spec in args.key_pairs)
    from interhuman_desktop.core.redact import register_secret

    for secret in [*keys, *pairs.values()]:
        register_secret(secret)
    settings = EngineSettings(
        api_keys=keys,
        key_pairs=pairs,
        analyzer=args.analyzer,
        faults=Faults.parse(args.faults),
        idle_timeout=args.idle_timeout,
        max_duration=args.max_duration,
        workers=max(1, args.workers),
        allow_remote=args.allow_remote,
        allowed_origins=[check_origin_spec(o) for o in args.allowed_origins],
        body_idle_timeout=args.read_timeout,
        head_timeout=args.read_timeout,
        body_deadline=args.body_deadline,
        auth_burst=args.auth_burst,
        auth_refill=args.auth_refill,
    )
    from interhuman_desktop.engine.v2.cli import settings_from_args

    settings.v2 = settings_from_args(args)
    if args.max_segment_bytes:
        settings.max_segment_bytes = args.max_segment_bytes
    return settings


def run(args: argparse.Namespace) -> int:
    from interhuman_desktop.engine.faults import FaultSpecError

    if log.getEffectiveLevel() > logging.INFO:
        log.setLevel(logging.INFO)
    if not _host_allowed(args):
        return 2
    try:
        settings = _settings(args)
    except (FaultSpecError, ValueError) as exc:
        _complain(f"engine: {exc}")
        return 2
    if not settings.api_keys and not settings.key_pairs:
        _complain(f"engine: no credentials; pass --api-key, --key-pair or set {KEYS_ENV}")
        return 2
    from interhuman_desktop.engine.analysis.registry import make_analyzer
    from interhuman_desktop.engine.runner import build_server

    try:
        analyzer = make_analyzer(settings.analyzer)
    except (ValueError, OSError) as exc:
        _complain(f"engine: cannot load the analyser: {exc}")
        return 2
    server = build_server(settings, host=args.host, port=args.port, port_file=args.port_file,
                          analyzer=analyzer)
    if args.parent_pid:
        from interhuman_desktop.engine.watchdog import watch_parent

        watch_parent(args.parent_pid, lambda: setattr(server, "should_exit", True))
    server.run()
    if not server.started:
        return 1
    log.info("engine stopped")
    return 0


def _host_allowed(args: argparse.Namespace) -> bool:
    """Loopback only, unless ``--allow-remote``: then bind as asked, with a warning."""
    from interhuman_desktop.engine.guard import is_loopback_name

    if is_loopback_name(args.host.strip("[]")):
        return True
    if not args.allow_remote:
        _complain(f"engine: refusing to serve on {args.host!r}, which is not a loopback address; "
                  "the engine speaks plain HTTP. Pass --allow-remote to serve other machines.")
        return False
    where = ("all interfaces" if args.host.strip("[]") in ("", "0.0.0.0", "::")
             else f"{args.host} (reachable from other machines)")
    _complain(f"engine: WARNING: serving plain HTTP on {where}: API keys and media cross the "
              "network unencrypted; use it only on a trusted network or behind a TLS proxy",
              level=logging.WARNING)
    return True


def _complain(message: str, level: int = logging.ERROR) -> None:
    log.log(level, message)
    if sys.stderr is not None and not logging.getLogger().handlers:
        print(message, file=sys.stderr)
