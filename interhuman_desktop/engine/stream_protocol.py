"""Pure helpers of the stream protocol: envelopes, config frames, handshake credentials."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from interhuman_desktop.engine.auth import bearer_from_header, credential_from_subprotocols
from interhuman_desktop.engine.bounded_json import JSONBoundError, loads_bounded
from interhuman_desktop.engine.settings import GOAL_DIMENSIONS, INCLUDE_FLAGS

CONFIG_KEYS = frozenset({"include", "goal_dimensions"})
MAX_CONFIG_FRAME = 64 * 1024  # characters; a real config frame is well under 1 KB
MAX_CONFIG_DEPTH = 8  # {"include": [...]} is 2 deep


def timestamp() -> str:
    """ISO-8601 UTC with microseconds and ``Z``: ``2026-06-20T15:21:55.149561Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def envelope(correlation_id: str, type_: str, data: dict[str, Any]) -> str:
    """One server → client text frame (key order as seen on the wire)."""
    return json.dumps(
        {"timestamp": timestamp(), "correlation_id": correlation_id, "type": type_, "data": data}
    )


class ConfigError(ValueError):
    """A text frame that is neither a valid session config nor ``session.close``."""


@dataclass(frozen=True)
class SessionConfig:
    include: list[str]
    goal_dimensions: list[str] | None

    def updated_data(self) -> dict[str, Any]:
        return {"include": self.include, "goal_dimensions": self.goal_dimensions}


CLOSE = "session.close"


def parse_text_frame(text: str) -> SessionConfig | str:
    """A config (fully replacing the previous one) or :data:`CLOSE`; ConfigError otherwise.

    The frame is parsed with a size and depth bound (a deep ``[[[…`` is a ConfigError, never a
    RecursionError). Unknown ``include`` values are dropped; unknown goal dimensions, other
    keys (``model`` included: V1 offers no selection) and non-list values are invalid.
    """
    try:
        obj = loads_bounded(text, max_size=MAX_CONFIG_FRAME, max_depth=MAX_CONFIG_DEPTH)
    except JSONBoundError as exc:
        raise ConfigError(str(exc)) from None
    if not isinstance(obj, dict):
        raise ConfigError("The frame must be a JSON object.")
    if "type" in obj:
        if obj == {"type": CLOSE}:
            return CLOSE
        raise ConfigError(f"Unknown message type {obj.get('type')!r}.")
    extra = sorted(set(obj) - CONFIG_KEYS)
    if extra:
        raise ConfigError(f"Additional properties are not allowed: {', '.join(extra)}.")
    include = _string_list(obj.get("include"), "include") or []
    goals = _string_list(obj.get("goal_dimensions"), "goal_dimensions")
    if goals is not None:
        bad = [g for g in goals if g not in GOAL_DIMENSIONS]
        if bad:
            raise ConfigError(f"Unknown goal dimension(s): {', '.join(bad)}.")
        goals = list(dict.fromkeys(goals))
    known = [flag for flag in dict.fromkeys(include) if flag in INCLUDE_FLAGS]
    return SessionConfig(known, goals)


def _string_list(value: Any, name: str) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"`{name}` must be a list of strings.")
    return value


def handshake_credential(
    authorization: str | None, subprotocols: list[str]
) -> tuple[str | None, str | None]:
    """(credential, subprotocol to echo): the header wins, else the subprotocol forms."""
    bearer = bearer_from_header(authorization)
    if bearer is not None:
        return bearer, None
    return credential_from_subprotocols(subprotocols)
