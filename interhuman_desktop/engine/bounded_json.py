"""JSON from a peer, parsed with a size and a nesting-depth bound.

``json.loads`` recurses once per nesting level, so ``[[[[…`` a few thousand deep raises
RecursionError (a traceback, and a dropped connection when it escapes a handler). The depth
is measured first, on the text with its string literals removed, and refused above the bound.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 32
MAX_TEXT = 64 * 1024

# A string literal (escapes included), in the unrolled-loop form: no backtracking blow-up.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class JSONBoundError(ValueError):
    """The text is too large, too deep or not JSON; the message says which."""


def nesting_depth(text: str) -> int:
    """The deepest ``[``/``{`` nesting of ``text`` outside string literals."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def loads_bounded(data: str | bytes, *, max_size: int = MAX_TEXT, max_depth: int = MAX_DEPTH
                  ) -> Any:
    """``json.loads`` for untrusted input: JSONBoundError above ``max_size`` characters (bytes
    for ``bytes``), above ``max_depth`` levels, or when the text is not JSON."""
    if len(data) > max_size:
        unit = "bytes" if isinstance(data, bytes) else "characters"
        raise JSONBoundError(f"The JSON text is too large (limit {max_size} {unit}).")
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise JSONBoundError("The JSON text is not UTF-8.") from None
    if nesting_depth(text) > max_depth:
        raise JSONBoundError(f"The JSON text is nested too deeply (limit {max_depth} levels).")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise JSONBoundError("The text is not valid JSON.") from None
