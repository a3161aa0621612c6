"""The session folder: segments on disk before they are sent, and an append-only journal.

Layout of one session folder::

    segments/segment_00000.mp4 …  every encoded segment, written before it is sent
    journal.jsonl              one JSON record per line, flushed as it happens
    owner.lock                 held (OS file lock, with the pid) while a process records
    recording.mp4              the segments joined (remux) when the session ends
    timeline.json, events.json the model and the raw events, saved at the end

A killed process leaves playable segments and a journal; :func:`recover` rebuilds what the
session knew from them on the next start. Writes happen on a small writer thread so the
event loop never waits on the disk. The journal's writer owns the folder (``core.folder_lock``):
recovery leaves alone a folder whose owner is still alive.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interhuman_desktop.core.folder_lock import FolderLock

log = logging.getLogger(__name__)

JOURNAL = "journal.jsonl"
SEGMENTS = "segments"
RECORDING = "recording.mp4"
_STOP = object()


def segment_name(index: int) -> str:
    return f"segment_{index:05d}.mp4"


class Journal:
    """Append-only JSON-lines log; ``record`` never blocks, ``close`` waits for the disk.

    Opening it takes the folder's lock (``FolderBusy`` when another live process holds it),
    unless the caller already holds one and passes it; ``close`` releases a lock it took.
    """

    def __init__(self, folder: Path, lock: FolderLock | None = None) -> None:
        self.folder = folder
        (folder / SEGMENTS).mkdir(parents=True, exist_ok=True)
        self._own_lock = lock is None
        self.lock = lock if lock is not None else FolderLock(folder).acquire()
        self._file = open(folder / JOURNAL, "a", encoding="utf-8")  # noqa: SIM115 - owned by thread
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="session-journal", daemon=True)
        self._thread.start()

    def record(self, kind: str, durable: bool = False, **fields: Any) -> None:
        """Queue one record; ``durable`` ones are fsynced (segments, the end)."""
        self._queue.put(({"kind": kind, **fields}, durable))

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join(timeout=10)
        self._file.close()
        if self._own_lock:
            self.lock.release()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            record, durable = item
            try:
                self._file.write(json.dumps(record, separators=(",", ":")) + "\n")
                self._file.flush()
                if durable:
                    os.fsync(self._file.fileno())
            except (OSError, TypeError, ValueError):
                log.exception("could not write a journal record of kind %s", record.get("kind"))


@dataclass
class RecoveredSession:
    """What a session folder says about a session, read back from its journal."""

    folder: Path
    segments: list[dict[str, Any]] = field(default_factory=list)
    sent: set[int] = field(default_factory=set)
    acked: set[int] = field(default_factory=set)
    events: list[dict[str, Any]] = field(default_factory=list)
    markers: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)  # every record, in order
    ended: bool = False

    @property
    def segment_paths(self) -> list[Path]:
        paths = [self.folder / SEGMENTS / s["file"] for s in self.segments]
        return [p for p in paths if p.exists()]

    @property
    def unanalysed(self) -> list[int]:
        return [s["index"] for s in self.segments if s["index"] not in self.acked]


def recover(folder: Path) -> RecoveredSession:
    """Read a session folder's journal; a torn last line (killed mid-write) is skipped."""
    result = RecoveredSession(folder)
    path = folder / JOURNAL
    if not path.exists():
        return result
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            log.warning("skipping a torn journal line in %s", path)
            continue
        _apply(result, record)
    return result


def _apply(result: RecoveredSession, record: dict[str, Any]) -> None:
    result.records.append(record)
    kind = record.get("kind")
    if kind == "segment":  # a merged tail re-reports its index: the last report wins
        result.segments = [s for s in result.segments if s.get("index") != record.get("index")]
        result.segments.append(record)
    elif kind == "sent":
        result.sent.add(int(record["index"]))
    elif kind == "acked":
        result.acked.update(int(i) for i in record.get("indexes", []))
    elif kind == "event":
        result.events.append(record)
    elif kind == "marker":
        result.markers.append(record)
    elif kind == "end":
        result.ended = True


def unfinished_sessions(root: Path) -> list[Path]:
    """Session folders under ``root`` whose journal has no end record (a crash or a kill)."""
    found = []
    for journal in sorted(root.glob(f"*/{JOURNAL}")):
        if not recover(journal.parent).ended:
            found.append(journal.parent)
    return found
