"""Credentials never reach a log: a filter that redacts them from every record, at every level.

Installed on the root logger's handlers (and those of the libraries that log on their own:
websockets, httpx, httpcore, uvicorn) by the CLI and the app's logging setup, it rewrites each
record's message, its formatted traceback and its stack before any handler formats it:

- header lines and reprs: ``Authorization: Bearer X``, ``x-api-key: X``,
  ``Sec-WebSocket-Protocol: access_token, X`` (the browser form carries the key);
- ``api_key=X``, ``key=X``, ``access_token=X``, ``secret=X``, ``password=X`` in messages,
  query strings and reprs (also with ``:`` and quotes);
- any configured secret value itself (:func:`register_secret`: the CLI's key, the engine's
  keys, a backend's key or key secret), wherever it appears.
"""

from __future__ import annotations

import logging
import re
import threading

MASK = "[redacted]"
LIBRARY_LOGGERS = ("websockets", "websockets.client", "websockets.server", "httpx", "httpcore",
                   "uvicorn", "uvicorn.error", "uvicorn.access", "interhumanai")
MIN_SECRET_LENGTH = 6  # shorter values would mask ordinary words

# a credential's text, up to one of ``stop``; never one already masked
_VALUE = r"(?!\s|\[redacted\])([^{stop}]+)"
_HEADER = re.compile(
    r"(?i)(\b(?:proxy-)?authorization\b[\"']?\s*[:=,]\s*[\"']?)"
    r"(?:(bearer|basic|token|digest)\s+)?(?!(?:bearer|basic|token|digest)\s)"
    + _VALUE.format(stop=r"\s\"',;)\]}"))
_KEY_HEADER = re.compile(
    r"(?i)(\b(?:x-api-key|x-key-secret|api-key|sec-websocket-protocol)\b[\"']?\s*[:=,]\s*[\"']?)"
    + _VALUE.format(stop=r"\r\n\"')\]}"))
_ASSIGNMENT = re.compile(  # not Sec-WebSocket-Key: a handshake nonce, not a credential
    r"(?i)((?<!websocket-)\b(?:api[_-]?keys?|keys?|access[_-]?token|refresh[_-]?token|token|"
    r"client[_-]?secret|key[_-]?secret|secret|password|passwd)\b[\"']?\s*[=:]\s*[\"']?)"
    + _VALUE.format(stop=r"\s\"'&,;)\]}"))

_HOLE = "\x00redacted\x00"  # a known secret's place until the patterns ran (no stop character)
_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Redact this exact value from every later log record (keys, secrets, tokens)."""
    if value and len(value) >= MIN_SECRET_LENGTH:
        with _lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """``text`` with every credential it shows replaced by ``[redacted]``."""
    if not text:
        return text
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for value in known:  # first, so a pattern below masks the whole header around it
        if value in text:
            text = text.replace(value, _HOLE)
    text = _HEADER.sub(lambda m: f"{m.group(1)}{(m.group(2) or '') and m.group(2) + ' '}{MASK}",
                       text)
    text = _KEY_HEADER.sub(lambda m: m.group(1) + MASK, text)
    text = _ASSIGNMENT.sub(lambda m: m.group(1) + MASK, text)
    return text.replace(_HOLE, MASK)


class RedactingFilter(logging.Filter):
    """Rewrites a record in place (message, arguments, traceback, stack); never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_ih_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a filter must not raise or log; show it raw, redacted
            message = f"{record.msg} {record.args}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record._ih_redacted = True
        return True


_FILTER = RedactingFilter()


def install_redaction() -> None:
    """Put the filter on the root's handlers and the libraries' own ones (idempotent).

    Call it again after adding a handler (the app's log file does).
    """
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in LIBRARY_LOGGERS)]
    for logger in loggers:
        for handler in logger.handlers:
            if _FILTER not in handler.filters:
                handler.addFilter(_FILTER)
