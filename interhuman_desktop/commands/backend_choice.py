"""The CLI's side of the backend choice (the rule: :mod:`interhuman_desktop.session.backend`).

Shared by ``analyze`` and ``live``: a key from ``--api-key-file``,
``--api-key -`` (stdin), ``--api-key`` (visible in ``ps``: warned),
``$INTERHUMAN_API_KEY`` or the keyring means the cloud (``--base-url`` overrides the address);
no key, or ``--local``, means a local engine child on a free port with a random per-run key,
stopped afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from pathlib import Path

from interhuman_desktop.api.backend import Backend
from interhuman_desktop.session.backend import cli_backend_kind, local_engine_backend

log = logging.getLogger(__name__)

ENV_KEY = "INTERHUMAN_API_KEY"


class UsageError(Exception):
    """Bad arguments, or input the preflight refuses (exit 2)."""


def add_backend_args(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--local", action="store_true",
                       help="use the local engine (the default when no key is configured)")
    where.add_argument("--base-url", default=None, help="service URL (default: the cloud)")
    keys = parser.add_mutually_exclusive_group()
    keys.add_argument("--api-key-file", type=Path, default=None, metavar="PATH",
                      help="read the API key from this file (first line)")
    keys.add_argument("--api-key", default=None, metavar="KEY",
                      help=f"API key; '-' reads it from stdin. A key given here shows in `ps` "
                           f"to other users: prefer --api-key-file, ${ENV_KEY} or the keyring")


def resolve_key(args: argparse.Namespace) -> str | None:
    from interhuman_desktop.core.redact import register_secret

    key = _explicit_key(args)
    register_secret(key)
    return key


def _explicit_key(args: argparse.Namespace) -> str | None:
    if getattr(args, "api_key_file", None):
        try:
            path: Path = args.api_key_file
            text = path.read_text(encoding="utf-8").strip().splitlines()
        except OSError as exc:
            raise UsageError(f"--api-key-file: cannot read {args.api_key_file}: {exc}") from exc
        if not text or not text[0].strip():
            raise UsageError(f"--api-key-file: {args.api_key_file} is empty")
        return text[0].strip()
    if args.api_key == "-":
        key = sys.stdin.readline().strip()
        if not key:
            raise UsageError("--api-key -: no key on stdin")
        return key
    if args.api_key:
        note("warning: a key given with --api-key is visible to other users of this machine "
             f"(ps); use --api-key-file PATH, --api-key - (stdin), ${ENV_KEY} or the keyring")
        return str(args.api_key)
    if os.environ.get(ENV_KEY):
        return os.environ[ENV_KEY]
    if args.local:
        return None
    try:
        from interhuman_desktop.storage.secrets import SecretStore

        return SecretStore().get_credentials().api_key
    except Exception:  # catch-all: SecretStore handles KeyringError; this is a bug, not fatal
        log.exception("could not read the keyring")
        return None


def backend_for(args: argparse.Namespace,
                key: str | None) -> contextlib.AbstractContextManager[Backend]:
    """A context manager yielding the :class:`Backend` the command should use."""
    if cli_backend_kind(key=key, local=args.local, base_url=args.base_url) == "local":
        return local_engine_backend(note)
    if key is None:
        raise UsageError(f"--base-url needs an API key (--api-key-file, --api-key - or ${ENV_KEY})")
    return contextlib.nullcontext(Backend.cloud(key, args.base_url))


def note(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def error(text: str) -> None:
    sys.stderr.write(f"error: {text}\n")
    sys.stderr.flush()
