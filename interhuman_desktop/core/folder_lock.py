"""Ownership of a folder by one process: an OS file lock on ``owner.lock`` holding the pid.

The lock is advisory and held for as long as the owner keeps the file open: ``fcntl.flock`` on
Linux and macOS, ``msvcrt.locking`` on a byte far past the end of the file on Windows (so the
pid itself stays readable). The OS releases it when the owner exits, however it exits, so a
crashed recorder never leaves a folder locked. Where neither is available, the pid written in
the file is checked instead (alive means owned).

    with FolderLock(folder):   # raises FolderBusy when another process owns it
        ...
    owner_pid(folder)          # the live owner's pid, or None when nobody owns it
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

LOCK_NAME = "owner.lock"
_WINDOWS_LOCK_OFFSET = 1 << 20  # lock a byte beyond the pid text; readers are not blocked

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # POSIX
    msvcrt = None  # type: ignore[assignment]


class FolderBusy(RuntimeError):
    """Another live process owns the folder; ``pid`` is its process id when known."""

    def __init__(self, folder: Path, pid: int | None) -> None:
        owner = f"process {pid}" if pid else "another process"
        super().__init__(f"{folder} is in use by {owner}")
        self.folder, self.pid = folder, pid


def _try_lock(fh: IO[str]) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        elif msvcrt is not None:
            fh.seek(_WINDOWS_LOCK_OFFSET)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            pid = _read_pid(fh)
            return pid is None or pid == os.getpid() or not pid_alive(pid)
    except OSError:
        return False
    return True


def _unlock(fh: IO[str]) -> None:
    with contextlib.suppress(OSError):
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        elif msvcrt is not None:
            fh.seek(_WINDOWS_LOCK_OFFSET)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)


def _read_pid(fh: IO[str]) -> int | None:
    fh.seek(0)
    text = fh.read(32).strip()
    return int(text) if text.isdigit() else None


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (best effort; used only without OS locks)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class FolderLock:
    """Hold ``folder/owner.lock`` for this process; ``acquire`` raises :class:`FolderBusy`."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self._fh: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def acquire(self) -> FolderLock:
        if self._fh is not None:
            return self
        self.folder.mkdir(parents=True, exist_ok=True)
        for _attempt in range(3):
            fh = open(self.path, "a+", encoding="ascii")  # noqa: SIM115 - kept open while held
            if not _try_lock(fh):
                pid = _read_pid(fh)
                fh.close()
                raise FolderBusy(self.folder, pid)
            if _same_file(fh, self.path):  # not unlinked by a releasing owner meanwhile
                self._fh = fh
                self._write_pid(fh)
                return self
            _unlock(fh)
            fh.close()
        raise FolderBusy(self.folder, None)

    def release(self) -> None:
        """Give the folder up; the lock file goes too (a later owner makes a new one)."""
        fh, self._fh = self._fh, None
        if fh is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)  # while still locked: nobody can take the old inode meanwhile
        _unlock(fh)
        fh.close()

    def _write_pid(self, fh: IO[str]) -> None:
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _same_file(fh: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fh.fileno()), os.stat(path))
    except OSError:
        return False


def owner_pid(folder: Path) -> int | None:
    """The pid of the live process that owns ``folder`` (0 when unknown), or None if unowned."""
    path = Path(folder) / LOCK_NAME
    if not path.exists():
        return None
    try:
        with open(path, "a+", encoding="ascii") as fh:
            if _try_lock(fh):
                _unlock(fh)
                return None
            return _read_pid(fh) or 0
    except OSError:
        return None


def in_use(folder: Path) -> bool:
    return owner_pid(folder) is not None
