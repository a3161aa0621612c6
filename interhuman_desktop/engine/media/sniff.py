"""Byte-level container sniffing: known signatures, the WebM and fragmented-MP4 init segments.

Only a few bytes are read; nothing here decodes media. Used to tell a corrupt file of a known
format (``ih5002``) from one that is not a video container at all (``ih4002``), and to cut the
init segment (WebM: EBML header + Segment up to the first Cluster; fMP4: ``ftyp`` + ``moov``)
of a continuous MediaRecorder stream.
"""

from __future__ import annotations

EBML_ID = b"\x1a\x45\xdf\xa3"
SEGMENT_ID = b"\x18\x53\x80\x67"
CLUSTER_ID = b"\x1f\x43\xb6\x75"
MP4_FILE_BOXES = {b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot", b"uuid"}
MP4_FRAGMENT_BOXES = {b"moof", b"styp", b"sidx", b"emsg", b"prft"}
TS_PACKET = 188


def container_kind(data: bytes) -> str | None:
    """``"webm"``, ``"mp4"``, ``"avi"``, ``"ts"`` when the first bytes carry that signature."""
    if data[:4] == EBML_ID:
        return "webm"
    if len(data) >= 8 and data[4:8] in MP4_FILE_BOXES:
        return "mp4"
    if data[:4] == b"RIFF" and data[8:11] == b"AVI":
        return "avi"
    if _looks_like_ts(data):
        return "ts"
    return None


def _looks_like_ts(data: bytes) -> bool:
    for first, step in ((0, TS_PACKET), (4, TS_PACKET + 4)):
        probes = [first + k * step for k in range(3)]
        if probes[-1] < len(data) and all(data[p] == 0x47 for p in probes):
            return True
    return False


def is_webm_continuation(data: bytes) -> bool:
    """A chunk of a continuous WebM stream: no container header (normally a bare Cluster)."""
    return container_kind(data) is None


def is_fmp4_continuation(data: bytes) -> bool:
    """A chunk of a fragmented-MP4 stream: it starts with a fragment box (``moof`` …), or with
    no known header at all (a cut inside a fragment)."""
    if len(data) >= 8 and data[4:8] in MP4_FRAGMENT_BOXES:
        return True
    return container_kind(data) is None


def fragment_start(body: bytes, before: int) -> int:
    """Offset of the last fragment start (``moof`` box) at or before ``before``, or -1."""
    found = body.rfind(b"moof", 4, before + 5)
    return found - 4 if found >= 4 else -1


def cluster_start(body: bytes, before: int) -> int:
    """Offset of the last WebM Cluster start at or before ``before``, or -1."""
    return body.rfind(CLUSTER_ID, 0, before + 4)


def _read_vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at ``pos``: (value, length); value -1 = unknown size."""
    first = data[pos]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8 or pos + length > len(data):
        raise ValueError("bad EBML vint")
    value = first if keep_marker else first & (0xFF >> length)
    for b in data[pos + 1 : pos + length]:
        value = (value << 8) | b
    if not keep_marker and value == (1 << (7 * length)) - 1:
        value = -1
    return value, length


def _element(data: bytes, pos: int) -> tuple[bytes, int, int]:
    """(id bytes, payload offset, payload size or -1) of the EBML element at ``pos``."""
    _, id_len = _read_vint(data, pos, keep_marker=True)
    size, size_len = _read_vint(data, pos + id_len, keep_marker=False)
    return data[pos : pos + id_len], pos + id_len + size_len, size


def webm_init_segment(data: bytes) -> bytes | None:
    """Bytes before the first Cluster of a WebM/Matroska file (None if not a WebM header)."""
    if data[:4] != EBML_ID:
        return None
    try:
        cut = _first_cluster_offset(data)
    except (ValueError, IndexError):
        found = data.find(CLUSTER_ID)
        cut = found if found > 0 else len(data)
    return data[:cut]


def _first_cluster_offset(data: bytes) -> int:
    _, body, size = _element(data, 0)  # EBML header
    pos = body + size
    seg_id, pos, _ = _element(data, pos)
    if seg_id != SEGMENT_ID:
        raise ValueError("no Segment after the EBML header")
    while pos < len(data):
        child, body, size = _element(data, pos)
        if child == CLUSTER_ID or size < 0:
            return pos
        pos = body + size
    return len(data)


def mp4_boxes(data: bytes) -> list[tuple[bytes, int, int]]:
    """Top-level ISO-BMFF boxes as (type, offset, size); stops at the first malformed box."""
    boxes: list[tuple[bytes, int, int]] = []
    pos = 0
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if size == 1 and pos + 16 <= len(data):
            size = int.from_bytes(data[pos + 8 : pos + 16], "big")
        elif size == 0:
            size = len(data) - pos
        if size < 8:
            break
        boxes.append((kind, pos, size))
        pos += size
    return boxes


def fmp4_init_segment(data: bytes) -> bytes | None:
    """``ftyp`` + ``moov`` (everything before the first ``moof``) of a fragmented MP4, else None."""
    boxes = mp4_boxes(data)
    kinds = [kind for kind, _, _ in boxes]
    if b"moov" not in kinds:
        return None
    _, moov_at, moov_size = boxes[kinds.index(b"moov")]
    if b"mvex" not in data[moov_at : moov_at + moov_size]:
        return None  # a plain (non-fragmented) MP4: no continuation can follow it
    if b"moof" in kinds:
        return data[: boxes[kinds.index(b"moof")][1]]
    return data[: moov_at + moov_size]
