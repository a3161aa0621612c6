"""The one error type of the media layer: an Interhuman error id plus a human message."""

from __future__ import annotations


class MediaError(Exception):
    """Media that cannot be analysed; ``code`` is the protocol error id (``ih4002`` …)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


NO_FILE = "ih4001"
UNSUPPORTED_CONTAINER = "ih4002"
TOO_SHORT_UPLOAD = "ih4007"
NO_VIDEO = "ih5001"
CORRUPT_UPLOAD = "ih5002"
UNPARSEABLE_SEGMENT = "ih5004"
TOO_SHORT_SEGMENT = "ih5006"
