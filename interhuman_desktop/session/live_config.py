"""The session config frame a live session sends after ``session.ready`` (SDK ``update_config``).

``include`` and ``goal_dimensions`` always (each frame replaces both); on an audio-only session
(options with an ``audio_format``, see :mod:`.audio_live`) also ``model`` and ``audio_format``,
so the binary frames that follow are read as raw PCM (inter-2.md §1.2).
"""

from __future__ import annotations

from typing import Any, Protocol

from interhumanai.types import RawAudioFormat


class ConfigOptions(Protocol):
    @property
    def include(self) -> tuple[str, ...]: ...

    @property
    def goal_dimensions(self) -> tuple[str, ...] | None: ...

    @property
    def model(self) -> str | None: ...


def stream_config(options: ConfigOptions) -> dict[str, Any]:
    """Keyword arguments for ``StreamClient.update_config``."""
    goals = list(options.goal_dimensions) if options.goal_dimensions else None
    config: dict[str, Any] = {"include": list(options.include), "goal_dimensions": goals}
    fmt = getattr(options, "audio_format", None)
    if fmt is not None:
        config["model"] = options.model or "inter-2-audio"
        config["audio_format"] = RawAudioFormat(**fmt)
    return config
