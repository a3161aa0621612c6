"""FaceMesh on a stream segment's pictures while the segment is still decoding.

A segment is decoded whole before it is analysed, so the face tracker used to wait for the
decoder (~0.1 s of a 3-s segment's ~0.4-s turnaround). FaceMesh's result for a picture depends
on the pictures before it (tracking mode) but not on its time, and the decoder hands out the
analysis pictures in their final order before it knows their session times. So the landmarks
are found on a second thread as the pictures come (:class:`LandmarkPrefetch`), and the feed
then builds each frame's cues from them at its session time (pose, gaze, smile, the expression
model: cheap, and dependent on time). Same pictures, same order, same tracker: the same cues.

A picture the decoded media does not keep (a refused segment, ih5006) has still been seen by
the tracker; its landmarks are dropped.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from .frame_worker import FrameWorker

log = logging.getLogger(__name__)

Found = tuple[np.ndarray | None, int]  # the widest face's landmarks (or None), face count


class LandmarkPrefetch:
    """``put`` pictures in decode order; ``take`` waits and returns ``id(picture) → found``."""

    def __init__(self, tracker: Any) -> None:
        self._tracker = tracker
        self._found: dict[int, tuple[np.ndarray, Found]] = {}  # the picture kept: ids stay unique
        self._worker: FrameWorker[np.ndarray] = FrameWorker(self._measure, name="landmarks")

    def put(self, image: np.ndarray) -> None:
        self._worker.put(image)

    def take(self) -> dict[int, tuple[np.ndarray, Found]]:
        """Everything measured since the last ``take`` (raises what the measuring raised)."""
        self._worker.join()
        found, self._found = self._found, {}
        return found

    def close(self) -> None:
        self._worker.close()

    def _measure(self, image: np.ndarray) -> None:
        self._found[id(image)] = (image, self._tracker.landmarks(image))
