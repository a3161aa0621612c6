"""Recover a live session that a crash or a kill left behind, from its folder alone.

The segments on disk are joined into ``recording.mp4`` (every complete ``segment_*.mp4``, also
one the journal did not get to record); the timeline is rebuilt by replaying the journal's
placements, rejections and events through per-connection clocks, exactly as the live session
applied them; ``timeline.json`` is written and the journal gets its end record. Once the joined
recording checks out (its probed duration matches the segments) the segment files are deleted.

A folder whose owner is still alive (``owner.lock`` held: ``live`` or the app is recording into
it) is never touched: :func:`recover_session` raises ``FolderBusy`` and
:func:`recover_unfinished` skips it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from interhuman_desktop.core.folder_lock import FolderBusy, FolderLock, owner_pid
from interhuman_desktop.encode.remux import probe_duration
from interhuman_desktop.session.apply import apply_event
from interhuman_desktop.session.audio_finalize import RECORDING_WAV, finish_audio
from interhuman_desktop.session.finalize import FinishedMedia, clean_partials, finish_media
from interhuman_desktop.session.journal import (
    RECORDING,
    SEGMENTS,
    Journal,
    RecoveredSession,
    recover,
    unfinished_sessions,
)
from interhuman_desktop.session.offsets import ConnectionClock
from interhuman_desktop.session.timeline import SessionTimeline

log = logging.getLogger(__name__)


@dataclass
class Recovery:
    folder: Path
    recording: Path | None
    timeline: SessionTimeline
    segments: int
    unanalysed: list[int]
    duration: float | None = None  # the joined recording's, probed (None without one)
    segments_removed: int = 0


def rebuild_timeline(journal: RecoveredSession) -> SessionTimeline:
    """Replay the journal onto a fresh timeline (recording time)."""
    timeline = SessionTimeline()
    clocks: dict[int, ConnectionClock] = {}
    for record in journal.records:
        kind = record.get("kind")
        connection = int(record.get("connection", 0) or 0)
        clock = clocks.setdefault(connection, ConnectionClock(connection))
        if kind == "placed":
            clock.add(int(record["index"]), float(record["recording_start"]),
                      float(record["duration"]))
        elif kind == "rejected":
            clock.reject(int(record["nth"]))
        elif kind == "event" and isinstance(record.get("payload"), dict):
            apply_event(timeline, record["payload"], clock.to_recording)
        elif kind == "marker":
            timeline.add_marker(float(record.get("t", 0.0)), str(record.get("note", "")))
    timeline.close_open_signals(timeline.media_end)
    return timeline


def recover_session(folder: Path, *, keep_segments: bool = False) -> Recovery:
    """Join the segments, rebuild and save the timeline, and close the journal.

    Raises ``FolderBusy`` when a live process owns the folder (it is still recording).
    """
    with FolderLock(folder) as lock:
        clean_partials(folder)
        journal = recover(folder)
        paths = sorted((folder / SEGMENTS).glob("segment_*.mp4"))
        sounds = sorted((folder / SEGMENTS).glob("segment_*.wav"))  # a microphone-only session
        media = (finish_audio(folder, sounds, keep_segments=keep_segments) if sounds and not paths
                 else finish_media(folder, paths, keep_segments=keep_segments))
        joined = _joined(folder)
        if media.recording is None and joined is not None:  # joined, then killed
            media = FinishedMedia(joined, probe_duration(joined), 0)
        paths = paths or sounds
        timeline = rebuild_timeline(journal)
        (folder / "timeline.json").write_text(json.dumps(timeline.to_dict(), indent=1))
        writer = Journal(folder, lock=lock)
        writer.record("end", durable=True, state="recovered")
        writer.close()
    log.info("recovered %s: %d segments, %d events", folder, len(paths), len(journal.events))
    return Recovery(folder, media.recording, timeline, len(paths), journal.unanalysed,
                    media.duration, media.segments_removed)


def recover_unfinished(root: Path) -> list[Recovery]:
    """Recover every session folder under ``root`` that a crash or a kill left unfinished.

    Folders still owned by a live process (a ``live`` run, another app window) are skipped.
    """
    recovered = []
    for folder in unfinished_sessions(root):
        pid = owner_pid(folder)
        if pid is not None:
            log.info("not recovering %s: process %s is still recording into it", folder, pid)
            continue
        try:
            recovered.append(recover_session(folder))
        except FolderBusy as exc:  # its owner started between the check and the lock
            log.info("not recovering %s", exc)
        except Exception:  # one broken folder must not stop the others (or the app)
            log.exception("could not recover %s", folder)
    return recovered


def load_finished(folder: Path) -> Recovery:
    """A session that ended normally (``live --out DIR``), read as it was saved."""
    journal = recover(folder)
    path = folder / "timeline.json"
    timeline = (SessionTimeline.from_dict(json.loads(path.read_text(encoding="utf-8")))
                if path.exists() else rebuild_timeline(journal))
    recording = _joined(folder)
    duration = probe_duration(recording) if recording is not None else None
    return Recovery(folder, recording, timeline, len(journal.segments), journal.unanalysed,
                    duration)



def _joined(folder: Path) -> Path | None:
    """The session's joined recording: ``recording.mp4``, or a microphone-only session's WAV."""
    return next((p for p in (folder / RECORDING, folder / RECORDING_WAV) if p.exists()), None)
