"""One copy of an audio-only session's sound: join the WAV segments into ``recording.wav``.

The join is exact (the segments are raw PCM of one format): the joined file must hold exactly
the samples of the segments, read back, before the segment files are deleted; when the join or
the check fails they stay, so nothing recorded is ever lost. Also used by recovery for a folder
a killed audio-only session left.
"""

from __future__ import annotations

import logging
import os
import wave
from collections.abc import Sequence
from pathlib import Path

from interhuman_desktop.session.finalize import FinishedMedia, clean_partials, remove_segments

log = logging.getLogger(__name__)

RECORDING_WAV = "recording.wav"


def _params(path: Path) -> tuple[int, int, int]:
    with wave.open(str(path), "rb") as wav:
        return wav.getnchannels(), wav.getsampwidth(), wav.getframerate()


def join_wavs(paths: Sequence[Path], target: Path) -> int:
    """Concatenate same-format WAVs into ``target`` (atomically); returns the sample count."""
    channels, width, rate = _params(paths[0])
    part = target.with_name(target.name + ".joining")
    frames = 0
    with wave.open(str(part), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        for path in paths:
            with wave.open(str(path), "rb") as wav:
                if (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) != (
                        channels, width, rate):
                    raise ValueError(f"{path.name} is not in the session's audio format")
                out.writeframes(wav.readframes(wav.getnframes()))
                frames += wav.getnframes()
    os.replace(part, target)
    return frames


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def finish_audio(folder: Path, paths: Sequence[Path], *,
                 keep_segments: bool = False) -> FinishedMedia:
    """Join ``paths`` into ``folder/recording.wav``; once it checks out, delete the segments."""
    clean_partials(folder)
    paths = [p for p in paths if p.exists()]
    if not paths:
        return FinishedMedia(None, None, 0)
    target = folder / RECORDING_WAV
    try:
        frames = join_wavs(paths, target)
        expected = sum(_frames(p) for p in paths)
        duration = wav_seconds(target)
    except (OSError, EOFError, ValueError, wave.Error):  # the segments stay on disk
        log.exception("joining the audio segments of %s failed; they are kept", folder)
        clean_partials(folder)
        return FinishedMedia(None, None, 0)
    if frames != expected or round(duration * _params(target)[2]) != expected:
        log.error("the joined recording of %s holds %d samples, the segments %d: keeping them",
                  folder, frames, expected)
        return FinishedMedia(target, duration, 0)
    removed = 0 if keep_segments else remove_segments(paths)
    log.info("session %s: audio recording %.2f s, %d segment files removed", folder.name,
             duration, removed)
    return FinishedMedia(target, duration, removed)


def _frames(path: Path) -> int:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes()

