"""A file's content hash (SHA-256, hex): how the library and a batch recognise a file they
already analysed, whatever its name or folder."""

from __future__ import annotations

import hashlib
import os

CHUNK = 1 << 20


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of the file's bytes, read in 1 MiB chunks (blocking: call off the loop)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
