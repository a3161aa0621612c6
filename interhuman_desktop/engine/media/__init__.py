"""Media decoding for the local engine: uploads (:func:`decode_upload`) and stream segments
(:class:`StreamDecoder`), both into :class:`~..analysis.base.DecodedMedia` on the session clock.
"""

from .errors import MediaError
from .stream import StreamDecoder
from .upload import decode_upload

__all__ = ["MediaError", "StreamDecoder", "decode_upload"]
