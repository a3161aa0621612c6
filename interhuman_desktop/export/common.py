"""Small helpers shared by the export formats: timecodes, file names, path privacy."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PROBABILITY_RANK = {"high": 3, "medium": 2, "low": 1}


def timecode(seconds: float) -> str:
    """``HH:MM:SS.mmm`` (recording time)."""
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def slug(text: str, fallback: str = "entry") -> str:
    """A file-name-safe form of a title."""
    cleaned = re.sub(r"[^\w.-]+", "-", text.strip(), flags=re.UNICODE).strip("-.")
    return cleaned[:60] or fallback


def public_source(source: str, media_paths: bool) -> str:
    """The entry's source as exported: a file's name only, unless media paths were asked for."""
    if media_paths or not source:
        return source
    return Path(source).name if ("/" in source or "\\" in source) else source


def scrub(value: Any, private: list[str]) -> Any:
    """``value`` (JSON data) with every occurrence of a ``private`` string replaced."""
    if isinstance(value, str):
        for text in private:
            if text and text in value:
                value = value.replace(text, "[private]")
        return value
    if isinstance(value, list):
        return [scrub(v, private) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, private) for k, v in value.items()}
    return value


def private_strings(*, paths: bool = True) -> list[str]:
    """What no export may hold: any credential we can find, and (``paths``) the home folder."""
    import os

    values = [os.environ.get("INTERHUMAN_API_KEY", "")]
    try:
        from interhuman_desktop.storage.secrets import SecretStore

        creds = SecretStore().get_credentials()
        values += [creds.api_key or "", creds.key_secret or ""]
    except Exception:  # catch-all: SecretStore handles KeyringError; a bug here must not stop it
        log.exception("could not read the keyring: its secrets are not checked in exports")
    home = str(Path.home())
    if paths and len(home) > 1:
        values.append(home)
    return sorted({v for v in values if len(v) >= 6}, key=len, reverse=True)
