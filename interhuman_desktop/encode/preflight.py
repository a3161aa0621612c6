"""Check a file against the upload limits before sending it (decisions #5), in plain words.

Verdicts: ``ok`` (send as is), ``transcode`` (re-encode smaller or into a supported container),
``split`` (cut into parts that each fit), ``refuse`` (nothing we can do: too short, not
media, no sound for the audio model). Every reason says what is wrong and what fixes it.

The verdict knows the upload model: ``inter-2-audio`` takes sound-only files (wav, flac, mp3,
m4a, ogg, or a webm/mp4 with sound, inter-2.md §1.1) and needs a sound track. A sound-only file
for a model that needs the picture (``inter-2``, ``inter-2-deep``, ``v1``) is not refused: its
verdict's ``model`` is ``inter-2-audio`` and ``note`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from interhuman_desktop.encode.probe import MediaInfo

# "10 KB" in the docs; we send only what passes the stricter reading (10 KiB, as the engine).
MIN_BYTES = 10 * 1024
MAX_BYTES = 33_554_432
MIN_SECONDS = 3.0
CONTAINERS = frozenset({"mp4", "mov", "avi", "mkv", "webm", "mpeg-ts"})
SOUND_FORMATS = frozenset({"wav", "flac", "mp3", "ogg", "mp4", "webm"})  # inter-2.md §1.1
AUDIO_MODEL = "inter-2-audio"
SOUND_SUFFIXES = frozenset({".wav", ".flac", ".mp3", ".m4a", ".ogg", ".opus", ".aac"})  # by name
MAX_AUDIO_SECONDS = 1800.0  # the service's default maximum duration (ih4004 beyond it)
SOUND_ONLY_NOTE = "Sound only: analysed with Inter-2 audio (voice cues only, no feedback)."
# Below this average bit rate a transcode would ruin the picture: split instead.
MIN_TRANSCODE_BITRATE = 250_000

Action = Literal["ok", "transcode", "split", "refuse"]


@dataclass(frozen=True)
class Limits:
    min_bytes: int = MIN_BYTES
    max_bytes: int = MAX_BYTES
    min_seconds: float = MIN_SECONDS
    min_transcode_bitrate: int = MIN_TRANSCODE_BITRATE


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Verdict:
    action: Action
    reasons: list[str] = field(default_factory=list)
    model: str | None = None  # the upload model it is for (inter-2-audio for sound only)
    note: str = ""  # what the app chose for the user (a sound-only file → Inter-2 audio)

    @property
    def ok(self) -> bool:
        return self.action == "ok"


def _mib(n: float) -> str:
    if n < 1_048_576:
        return f"{n / 1000:.0f} KB"
    return f"{n / 1_048_576:.1f} MiB"


def preflight(info: MediaInfo, limits: Limits = DEFAULT_LIMITS,
              model: str | None = None) -> Verdict:
    """The verdict for ``info`` under ``limits`` for upload ``model`` (None: a model that
    needs the picture, as ``inter-2``; ``"v1"``: the V1 upload)."""
    if info.error is None and not info.has_video and info.has_audio:
        return _sound_only(info, limits, model)
    if model == AUDIO_MODEL and info.error is None and not info.has_audio:
        return Verdict("refuse", [
            "This file has no sound track: Inter-2 audio needs sound. Fix: choose Inter-2 "
            "or V1 in Settings ▸ Upload model, or a recording with sound."], model)
    refusal = _refusal(info, limits)
    if refusal is not None:
        return Verdict("refuse", [refusal], model)
    reasons: list[str] = []
    action: Action = "ok"
    if info.container not in CONTAINERS:
        action = "transcode"
        reasons.append(
            f"The {info.container or 'unknown'} container is not accepted "
            f"(mp4, mov, avi, mkv, webm or MPEG-TS are). Fix: convert it to mp4."
        )
    if info.size_bytes > limits.max_bytes:
        action = _too_big_action(info, limits)
        fix = "re-encode it at a lower bit rate" if action == "transcode" else "split it"
        reasons.append(
            f"The file is {_mib(info.size_bytes)}, over the {_mib(limits.max_bytes)} upload "
            f"limit. Fix: {fix} so each upload fits."
        )
    if info.size_bytes < limits.min_bytes:
        action = "transcode"
        reasons.append(
            f"The file is only {info.size_bytes} bytes; uploads must be at least "
            f"{limits.min_bytes // 1024} KB. Fix: re-encode it at a higher quality."
        )
    return Verdict(action, reasons, model)


def _sound_only(info: MediaInfo, limits: Limits, model: str | None) -> Verdict:
    """A file with sound and no picture: for Inter-2 audio, whatever model was chosen (no
    transcode or split: those make video)."""
    note = "" if model == AUDIO_MODEL else SOUND_ONLY_NOTE
    problems = []
    if info.container not in SOUND_FORMATS:
        problems.append(f"the {info.container or info.format_name or 'unknown'} format is not "
                        "accepted (wav, flac, mp3, m4a, ogg or webm are)")
    if info.duration is None or info.duration < limits.min_seconds:
        problems.append(f"it must be at least {limits.min_seconds:g} s long")
    elif info.duration > MAX_AUDIO_SECONDS:
        problems.append(f"it must be at most {MAX_AUDIO_SECONDS / 60:.0f} minutes long")
    if not limits.min_bytes <= info.size_bytes <= limits.max_bytes:
        problems.append(f"it must be between {limits.min_bytes // 1024} KB and "
                        f"{_mib(limits.max_bytes)}")
    if problems:
        return Verdict("refuse", [f"This sound-only recording cannot be analysed as is: "
                                  f"{'; '.join(problems)}. Fix: export it again (e.g. as wav)."],
                       AUDIO_MODEL, note)
    return Verdict("ok", [], AUDIO_MODEL, note)


def _refusal(info: MediaInfo, limits: Limits) -> str | None:
    if info.error is not None:
        return (
            "This file could not be read as a video (it may be damaged or not a media file). "
            "Fix: export it again from the recording app as mp4."
        )
    if not info.has_video:
        return (
            "This file has neither a picture nor sound to analyse. "
            "Fix: choose the recording itself."
        )
    if info.duration is None:
        return "The length of this video could not be determined. Fix: re-export it as mp4."
    if info.duration < limits.min_seconds:
        return (
            f"The video is {info.duration:.1f} s long; at least {limits.min_seconds:g} s are "
            "needed. Fix: record or choose a longer clip."
        )
    return None


def _too_big_action(info: MediaInfo, limits: Limits) -> Action:
    """Transcode when the target bit rate still gives a usable picture, else split."""
    assert info.duration is not None
    target_bps = limits.max_bytes * 8 * 0.9 / info.duration
    if target_bps >= limits.min_transcode_bitrate:
        return "transcode"
    if info.duration < 2 * limits.min_seconds:
        return "transcode"  # too short to split into two valid parts
    return "split"
