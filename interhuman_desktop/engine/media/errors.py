"""The media layer's error: an :class:`EngineError` (one tree for the engine) whose ``code`` is
the protocol error id, plus the ids this layer raises under short local names."""

from __future__ import annotations

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.errors import EngineError


class MediaError(EngineError):
    """Media that cannot be analysed; ``code`` is the protocol error id (``ih4002`` …)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)

    @property
    def code(self) -> str:
        return self.error_id

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


NO_FILE = ErrorId.MISSING_FILE
UNSUPPORTED_CONTAINER = ErrorId.UNSUPPORTED_CONTAINER
TOO_SHORT_UPLOAD = ErrorId.VIDEO_TOO_SHORT
NO_VIDEO = ErrorId.NO_VIDEO_STREAM
CORRUPT_UPLOAD = ErrorId.CORRUPTED_VIDEO
UNPARSEABLE_SEGMENT = ErrorId.MALFORMED_SEGMENT
TOO_SHORT_SEGMENT = ErrorId.SEGMENT_TOO_SHORT
