"""Pick an analyser by name: ``cues`` (real measurements) or ``scripted:PATH`` (replays)."""

from __future__ import annotations

from .base import Analyzer


def make_analyzer(spec: str) -> Analyzer:
    """``"cues"`` → :class:`CueAnalyzer` (FaceMesh, Haar if MediaPipe is missing);
    ``"cues:haar"`` → the same with the Haar cascade only;
    ``"scripted:PATH"`` → :class:`ScriptedAnalyzer`.

    Raises ``ValueError`` for anything else, or for a scenario file that does not validate.
    """
    spec = (spec or "").strip()
    if spec in ("cues", "cues:haar"):
        from .cue_analyzer import CueAnalyzer

        return CueAnalyzer(prefer_mesh=spec == "cues")
    if spec.startswith("scripted:"):
        path = spec.removeprefix("scripted:")
        if not path:
            raise ValueError("analyzer spec 'scripted:' needs a scenario path: scripted:PATH")
        from .scripted import ScriptedAnalyzer

        return ScriptedAnalyzer(path)
    raise ValueError(f"unknown analyzer spec {spec!r}: use 'cues', 'cues:haar' or 'scripted:PATH'")
