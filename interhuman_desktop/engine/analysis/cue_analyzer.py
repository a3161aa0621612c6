"""The cue analyser ("cues"): real face and voice measurements mapped to the protocol.

Stream sessions get a :class:`~.cue_stream.CueStream`; uploads run the same windows over the
whole file and merge them (see docs/analyzer.md). The analyser itself holds no state, so one
instance serves every session on every thread.
"""

from __future__ import annotations

import logging
from typing import Any

from .base import (
    Analyzer,
    DecodedMedia,
    SessionOptions,
    StreamAnalysis,
    UploadAnalysis,
    VideoSample,
)
from .cqi import CQAccumulator, values
from .cue_stream import CQ_OVERALL, CQ_TIMELINE, CueStream
from .cues import CueTimeline
from .feedback import upload_feedback
from .frame_worker import FrameWorker
from .mapping import LEVELS
from .windows import WindowOutcome, all_windows

log = logging.getLogger(__name__)


class CueAnalyzer(Analyzer):
    name = "cues"

    def __init__(self, prefer_mesh: bool = True, overlap: bool = True) -> None:
        self.prefer_mesh = prefer_mesh
        self.overlap = overlap  # uploads: measure frames on a second thread (frame_worker)

    def open_stream(self, options: SessionOptions) -> StreamAnalysis:
        return CueStream(options, self.prefer_mesh)

    def open_upload(self, options: SessionOptions) -> UploadAnalysis:
        return CueUpload(CueTimeline(self.prefer_mesh), options, self.overlap)

    def analyze_upload(self, media: DecodedMedia, options: SessionOptions) -> dict[str, Any]:
        return CueUpload(CueTimeline(self.prefer_mesh), options).finish(media)


class CueUpload(UploadAnalysis):
    """Face cues per frame as the upload decodes (pictures dropped), the rest at the end.

    With ``overlap`` the frames are measured on a second thread, in order, while decoding
    goes on (:class:`~.frame_worker.FrameWorker`): the same cues, less wall time."""

    def __init__(self, timeline: CueTimeline, options: SessionOptions, overlap: bool = False):
        self.timeline, self.options = timeline, options
        self._worker = FrameWorker(timeline.add_frame, name="upload-frames") if overlap else None

    def add_frame(self, sample: VideoSample) -> None:
        if self._worker is not None:
            self._worker.put(sample)
        else:
            self.timeline.add_frame(sample)

    def finish(self, media: DecodedMedia) -> dict[str, Any]:
        try:
            if self._worker is not None:
                self._worker.join()
            self.timeline.add(media)
            return upload_result(self.timeline, media, self.options)
        finally:
            self.close()

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()  # before the tracker closes: a frame may still be measured
        self.timeline.close()


def upload_result(
    timeline: CueTimeline, media: DecodedMedia, options: SessionOptions
) -> dict[str, Any]:
    """The ``AnalysisResult`` payload of a whole file whose cues are all measured."""
    end = round(media.end, 3)
    outcomes = all_windows(timeline, end)
    signals = merge_signals(outcomes, end)
    result: dict[str, Any] = {
        "signals": signals,
        "engagement_state": engagement_entries(outcomes),
    }
    include = set(options.include)
    if include & {CQ_OVERALL, CQ_TIMELINE}:
        result["conversation_quality"] = _conversation_quality(outcomes, include)
    if options.goal_dimensions or options.conversation_context is not None:
        result["feedback"] = upload_feedback(
            timeline.window(media.start, end),
            options.goal_dimensions,
            options.conversation_context,
            _primary_signal(signals),
        )
    log.info("upload: %.1f s, %d windows, %d signals", end, len(outcomes), len(signals))
    return result


def merge_signals(outcomes: list[WindowOutcome], media_end: float) -> list[dict[str, Any]]:
    """Runs of consecutive windows with the same type → one Signal (highest probability wins,
    with that window's rationale; modalities are united)."""
    merged: list[dict[str, Any]] = []
    open_runs: dict[str, dict[str, Any]] = {}
    last_end: dict[str, float] = {}
    for i, o in enumerate(outcomes):
        final = i == len(outcomes) - 1
        for kind in [k for k in open_runs if k not in o.signals]:
            merged.append(open_runs.pop(kind))
            last_end[kind] = merged[-1]["end"]
        for kind, sig in o.signals.items():
            run = open_runs.get(kind)
            end = media_end if final else o.window_end
            if run is None:
                start = max(o.window_start, last_end.get(kind, 0.0))
                open_runs[kind] = {
                    "type": kind, "start": start, "end": end, "probability": sig.probability,
                    "rationale": sig.rationale, "modality": list(sig.modality),
                }
                continue
            run["end"] = end
            run["modality"] = sorted(set(run["modality"]) | set(sig.modality))
            if LEVELS.index(sig.probability) > LEVELS.index(run["probability"]):
                run["probability"], run["rationale"] = sig.probability, sig.rationale
    merged.extend(open_runs.values())
    return sorted(merged, key=lambda s: (s["start"], s["type"]))


def engagement_entries(outcomes: list[WindowOutcome]) -> list[dict[str, Any]]:
    """Contiguous {start, end, state} entries over the periods (they tile the file)."""
    entries: list[dict[str, Any]] = []
    for o in outcomes:
        for start, state in o.states:
            if entries and entries[-1]["state"] == state:
                continue
            if entries:
                entries[-1]["end"] = start
            entries.append({"start": start, "end": o.period_end, "state": state})
        if entries:
            entries[-1]["end"] = o.period_end
    return entries


def _conversation_quality(outcomes: list[WindowOutcome], include: set[str]) -> dict[str, Any]:
    acc = CQAccumulator()
    for o in outcomes:
        acc.add(o.scores)
    section: dict[str, Any] = {"overall": acc.overall(), "basis": acc.basis()}
    if CQ_TIMELINE in include:
        section["timeline"] = [
            {"start": o.period_start, "end": o.period_end, "values": values(o.scores.values)}
            for o in outcomes
        ]
    return section


def _primary_signal(signals: list[dict[str, Any]]) -> str | None:
    if not signals:
        return None
    longest = max(signals, key=lambda s: s["end"] - s["start"])
    return str(longest["type"])
