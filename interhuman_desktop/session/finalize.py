"""One copy of the media once a session is over: join the segments, check the join, drop them.

The joined ``recording.mp4`` is checked by probing it: its duration must match the stretch the
segments cover (first start to last end). Only then are the 3-s segment files deleted; when the
join or the check fails they stay, so nothing recorded is ever lost. Leftovers of interrupted
writes (``*.part`` from the encoder, ``*.joining`` from a join) are removed here too, only ever
in a folder this process owns.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from interhuman_desktop.encode.remux import join_segments, media_duration, segment_start
from interhuman_desktop.session.journal import RECORDING, SEGMENTS

log = logging.getLogger(__name__)

PARTIAL_PATTERNS = ("*.part", "*.joining")


@dataclass(frozen=True)
class FinishedMedia:
    recording: Path | None
    duration: float | None  # the joined file's, probed
    segments_removed: int


def clean_partials(folder: Path) -> int:
    """Delete the half-written files an interrupted encoder or join left; returns the count."""
    removed = 0
    for where in (folder, folder / SEGMENTS):
        for pattern in PARTIAL_PATTERNS:
            for path in where.glob(pattern):
                try:
                    path.unlink()
                    removed += 1
                except OSError:
                    log.warning("could not remove the partial file %s", path)
    if removed:
        log.info("removed %d partial file(s) in %s", removed, folder)
    return removed


def span_of_files(paths: Sequence[Path]) -> float:
    """First start to last end, from the segments' own metadata (end to end when it lacks it)."""
    first, last = segment_start(paths[0]), segment_start(paths[-1])
    if first is None or last is None:
        return sum(media_duration(p) for p in paths)
    return last - first + media_duration(paths[-1])


def joined_matches(recording: Path, expected: float) -> tuple[bool, float | None]:
    """Probe the joined file: it matches when its duration is within 0.5 s + 0.2 % of
    ``expected``."""
    try:
        duration = media_duration(recording)
    except Exception:  # an unreadable join is a failed join
        log.exception("could not probe the joined recording %s", recording)
        return False, None
    return abs(duration - expected) <= 0.5 + 0.002 * expected, duration


def finish_media(folder: Path, paths: Sequence[Path], expected: float | None = None, *,
                 keep_segments: bool = False) -> FinishedMedia:
    """Join ``paths`` into ``folder/recording.mp4``; once it checks out, delete the segments."""
    clean_partials(folder)
    paths = [p for p in paths if p.exists()]
    if not paths:
        return FinishedMedia(None, None, 0)
    try:
        recording = join_segments(paths, folder / RECORDING)
    except Exception:  # the segments stay on disk whatever happens here
        log.exception("joining the segments of %s failed; they are kept", folder)
        clean_partials(folder)
        return FinishedMedia(None, None, 0)
    wanted = span_of_files(paths) if expected is None else expected
    ok, duration = joined_matches(recording, wanted)
    if not ok:
        log.error("the joined recording of %s lasts %s s, the segments %.2f s: keeping the "
                  "segments", folder, duration, wanted)
        return FinishedMedia(recording, duration, 0)
    removed = 0 if keep_segments else remove_segments(paths)
    log.info("session %s: recording %.2f s, %d segment files removed", folder.name,
             duration or 0.0, removed)
    return FinishedMedia(recording, duration, removed)


def remove_segments(paths: Sequence[Path]) -> int:
    """Delete the segment files the recording was joined from; how many went."""
    removed = 0
    for path in paths:
        try:
            path.unlink()
            removed += 1
        except OSError:
            log.warning("could not remove the segment %s", path)
    return removed
