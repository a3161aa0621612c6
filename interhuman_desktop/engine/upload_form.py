"""Streaming ``multipart/form-data`` reader with hard limits, for ``POST /v1/upload/analyze``.

The request body is never buffered: the ``file`` part is spooled to a temporary file chunk by
chunk while its bytes are counted, so an oversized upload is refused (``ih4003``) as soon as the
limit is crossed, whatever ``Content-Length`` claimed (or when it is absent). Small text fields
(``include[]``, ``goal_dimensions[]``, ``conversation_context``) are kept in memory, bounded.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from interhuman_desktop.engine.errors import EngineError, ErrorId

MAX_FIELD_BYTES = 64 * 1024
MAX_FIELDS = 64
MULTIPART_OVERHEAD = 1024 * 1024  # headers, boundaries and text fields on top of the file


@dataclass
class UploadForm:
    """The parsed form: ``file_path`` is a temp file the caller must remove (see ``cleanup``)."""

    file_path: Path | None = None
    file_size: int = 0
    filename: str = ""
    fields: dict[str, list[str]] = field(default_factory=dict)

    def values(self, *names: str) -> list[str]:
        out: list[str] = []
        for name in names:
            out.extend(self.fields.get(name, []))
        return out

    def cleanup(self) -> None:
        if self.file_path is not None:
            self.file_path.unlink(missing_ok=True)
            self.file_path = None


class _Collector:
    """python-multipart callbacks: route each part to the spool file or a text buffer."""

    def __init__(self, form: UploadForm, max_file_bytes: int, spool_dir: str | None) -> None:
        self.form = form
        self.max_file_bytes = max_file_bytes
        self.spool_dir = spool_dir
        self._header_name = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._part_name: str | None = None
        self._is_file = False
        self._text = bytearray()
        self._fh: BinaryIO | None = None

    def callbacks(self) -> dict[str, Callable[..., None]]:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
        }

    def on_part_begin(self) -> None:
        self._headers, self._part_name, self._is_file = {}, None, False
        self._text = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._header_name.lower()] = self._header_value
        self._header_name, self._header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, opts = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._part_name = opts.get(b"name", b"").decode("utf-8", "replace")
        self._is_file = self._part_name == "file" and self.form.file_path is None
        if self._is_file:
            filename = opts.get(b"filename", b"").decode("utf-8", "replace")
            self.form.filename = filename
            fd, path = tempfile.mkstemp(prefix="ih-upload-", suffix=_safe_suffix(filename),
                                        dir=self.spool_dir)
            self._fh = os.fdopen(fd, "wb")
            self.form.file_path = Path(path)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        n = end - start
        if self._is_file:
            self.form.file_size += n
            if self.form.file_size > self.max_file_bytes:
                raise EngineError(ErrorId.PAYLOAD_TOO_LARGE)
            assert self._fh is not None
            self._fh.write(data[start:end])
        else:
            self._text += data[start:end]
            if len(self._text) > MAX_FIELD_BYTES:
                raise EngineError(ErrorId.INVALID_PARAMETER,
                                  f"Form field {self._part_name!r} is too long.")

    def on_part_end(self) -> None:
        if self._is_file and self._fh is not None:
            self._fh.close()
            self._fh = None
        elif self._part_name:
            if sum(len(v) for v in self.form.fields.values()) >= MAX_FIELDS:
                raise EngineError(ErrorId.INVALID_PARAMETER, "Too many form fields.")
            value = self._text.decode("utf-8", "replace")
            self.form.fields.setdefault(self._part_name, []).append(value)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


async def read_upload_form(
    content_type: str | None,
    chunks: AsyncIterator[bytes],
    *,
    max_file_bytes: int,
    spool_dir: str | None = None,
) -> UploadForm:
    """Parse the body as it streams in; raise EngineError (ih4001 / ih4003 / ih4005) early."""
    ctype, params = parse_options_header(content_type or "")
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise EngineError(ErrorId.MISSING_FILE,
                          "Send the video as multipart/form-data with a `file` part.")
    form = UploadForm()
    collector = _Collector(form, max_file_bytes, spool_dir)
    max_body = max_file_bytes + MULTIPART_OVERHEAD
    received = 0
    try:
        parser = MultipartParser(boundary, cast(Any, collector.callbacks()))
        async for chunk in chunks:
            received += len(chunk)
            if received > max_body:
                raise EngineError(ErrorId.PAYLOAD_TOO_LARGE)
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        collector.close()
        form.cleanup()
        raise EngineError(ErrorId.MISSING_FILE, "The multipart body could not be parsed.") from None
    except BaseException:
        collector.close()
        form.cleanup()
        raise
    collector.close()
    return form


def _safe_suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
