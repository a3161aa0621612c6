"""Plain-language texts for the Analyze cards: the file's facts, the verdict, errors (no Qt)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interhuman_desktop.core.errors import user_message
from interhuman_desktop.ui.timefmt import fmt_time

DOCS_LINK = "https://docs.interhuman.ai/api-reference/error-handling"


def size_text(n: int) -> str:
    if n >= 1_048_576:
        return f"{n / 1_048_576:.1f} MiB"
    return f"{n / 1000:.0f} KB"


def facts_text(info: Any) -> str:
    """Size · duration · container · tracks, e.g. ``4.2 MiB · 00:45.0 · mp4 · video h264 …``."""
    if info is None:
        return "Checking the file…"
    parts = [size_text(info.size_bytes)]
    if info.error is not None:
        return f"{parts[0]} · not readable as a video"
    parts.append(fmt_time(info.duration) if info.duration is not None else "unknown length")
    parts.append(info.container or info.format_name or "unknown container")
    tracks = []
    if info.has_video:
        size = f" {info.width}×{info.height}" if info.width and info.height else ""
        fps = f" {info.fps:.0f} fps" if info.fps else ""
        tracks.append(f"video {info.video_codec or '?'}{size}{fps}")
    tracks.append(f"audio {info.audio_codec or '?'}" if info.has_audio else "no audio track")
    parts.append(", ".join(tracks))
    return " · ".join(parts)


def verdict_text(verdict: Any) -> tuple[str, str]:
    """(kind, text): kind is ``ok``, ``fit`` or ``refuse``."""
    if verdict is None:
        return "", ""
    reasons = " ".join(verdict.reasons)
    note = getattr(verdict, "note", "")
    if verdict.action == "ok":
        text = "Within the limits (10 KB–32 MiB, at least 3 s, supported container)."
        return "ok", f"{text} {note}" if note else text
    if verdict.action == "refuse":
        return "refuse", f"Cannot be analysed. {reasons}"
    how = "split into parts (results are stitched onto one timeline)" \
        if verdict.action == "split" else "transcoded to fit"
    return "fit", f"Outside the limits: {reasons} “Make it fit” has it {how}."


def error_shown(error: Any) -> tuple[str, str]:
    """(status line, details under it) for a card: the message once, then what to do and the
    ids (the copy button still takes :func:`error_details`)."""
    message, details = error_details(error)
    if error is None:
        return "", ""
    head = str(error).rstrip(".")
    error_id = getattr(error, "error_id", None)
    if error_id and not head.startswith(error_id):
        head = f"{error_id}: {head}"
    what = str(getattr(error, "what_to_do", "") or "")
    rest = [line for line in details.split("\n")[1:] if not line.startswith("Error id")]
    if not head or not what:
        return message, "\n".join(rest)
    return head, "\n".join([what, *rest])


def error_details(error: Any) -> tuple[str, str]:
    """(message, details to copy): what happened and what to do; for service errors also
    the correlation id and the docs link."""
    if error is None:
        return "", ""
    message = user_message(error)
    lines = [message]
    status = getattr(error, "status", None)
    if status:
        lines.append(f"HTTP status: {status}")
    error_id = getattr(error, "error_id", None)
    if error_id:
        lines.append(f"Error id: {error_id}")
    correlation = getattr(error, "correlation_id", None)
    if correlation:
        lines.append(f"Correlation id: {correlation}")
    link = getattr(error, "link", None)
    if status or link:
        lines.append(f"Docs: {link or DOCS_LINK}")
    return message, "\n".join(lines)


def not_found_text(paths: list[Path]) -> str:
    """The status bar's words for opened names that are not there (nothing queued for them)."""
    names = ", ".join(f"“{p.name}”" for p in paths)
    return f"Not found, so not queued: {names}. Check the name and the folder."
