"""ISO-BMFF box walking for :mod:`.fmp4_stream`: top-level boxes, and moving a fragment's
decode times (``tfdt``) and sequence numbers (``mfhd``) on in place (ISO/IEC 14496-12 8.8)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

Box = tuple[bytes, int, int]  # (type, offset, size)


def boxes(data: bytes) -> list[Box]:
    """Top-level ISO-BMFF boxes as (type, offset, size), the last one possibly incomplete."""
    return list(_children(data, 0, len(data)))


def _children(data: bytes | bytearray, start: int, end: int) -> Iterator[Box]:
    pos = start
    while pos + 8 <= end:
        size = int.from_bytes(data[pos:pos + 4], "big")
        if size == 1 and pos + 16 <= end:
            size = int.from_bytes(data[pos + 8:pos + 16], "big")
        if size < 8:
            return
        yield bytes(data[pos + 4:pos + 8]), pos, size
        pos += size


def move_fragments(data: bytes, shift: Mapping[int, int], sequence: int) -> tuple[bytes, int]:
    """``data``'s fragments with each track's ``tfdt`` moved on by ``shift[track]`` ticks and
    the ``mfhd`` sequence numbers counted on from ``sequence``; returns (bytes, next number)."""
    out = bytearray(data)
    for kind, pos, size in boxes(data):
        if kind != b"moof":
            continue
        for child, at, _n in _children(out, pos + 8, pos + size):
            if child == b"mfhd":
                out[at + 12:at + 16] = sequence.to_bytes(4, "big")
                sequence += 1
        for track, value, at, wide in _tfdts(out, pos, size):
            width = 8 if wide else 4
            out[at:at + width] = (value + shift.get(track, 0)).to_bytes(width, "big")
    return bytes(out), sequence


def _tfdts(data: bytes | bytearray, moof: int, size: int) -> Iterator[tuple[int, int, int, bool]]:
    """(track id, baseMediaDecodeTime, its byte offset, 64-bit) for each ``traf`` of a moof."""
    for kind, pos, n in _children(data, moof + 8, moof + size):
        if kind != b"traf":
            continue
        track = None
        for child, at, _m in _children(data, pos + 8, pos + n):
            if child == b"tfhd":
                track = int.from_bytes(data[at + 12:at + 16], "big")
            elif child == b"tfdt" and track is not None:
                wide = data[at + 8] == 1
                value = int.from_bytes(data[at + 12:at + (20 if wide else 16)], "big")
                yield track, value, at + 12, wide
