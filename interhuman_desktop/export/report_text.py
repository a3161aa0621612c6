"""The report's words: goals, the honest footer, dates and durations (no layout here)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from interhuman_desktop.export.entry_data import EntryData

LOCAL_FOOTER = ("Measured by the local engine: cues it can see and hear (face presence, head "
                "pose, gaze, smiles, nods, facial expression, voice activity, pauses, loudness, "
                "pitch). Signals are observations of behaviour, not a readout of feelings.")
CLOUD_FOOTER = ("Measured by Interhuman's Inter-1 model (cloud service). Signals are "
                "observations of behaviour, not a readout of feelings.")


def footer_text(data: EntryData) -> str:
    return CLOUD_FOOTER if data.entry.backend == "cloud" else LOCAL_FOOTER


def backend_label(data: EntryData) -> str:
    return "Interhuman cloud (Inter-1)" if data.entry.backend == "cloud" else "local engine"


def goals_of(data: EntryData) -> list[str]:
    """The goal dimensions the analysis was asked for (upload feedback, or the live config)."""
    goals: list[str] = []
    for body in data.results:
        feedback = (body or {}).get("feedback") if isinstance(body, dict) else None
        if isinstance(feedback, dict):
            goals += [str(g) for g in feedback.get("active_dimensions") or []]
    for item in data.envelopes:
        envelope: dict[str, Any] = item.get("envelope") or {}
        if envelope.get("type") == "session.updated":
            goals += [str(g) for g in (envelope.get("data") or {}).get("goal_dimensions") or []]
    return list(dict.fromkeys(goals))


def when(created_at: str) -> str:
    try:
        moment = datetime.fromisoformat(created_at)
    except ValueError:
        return created_at
    return moment.strftime("%d %B %Y, %H:%M %Z").strip()


def length(seconds: float) -> str:
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def clock(seconds: float) -> str:
    minutes, secs = divmod(max(0.0, seconds), 60)
    return f"{int(minutes)}:{secs:04.1f}"
