"""V2 settings of one engine (outside the v2 package, so engine.settings can hold them
without an import cycle): the job queue's bounds, the job store and the models served."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MODELS = ("inter-2", "inter-2-audio", "inter-2-deep")
INCLUDE_FLAGS = ("signals", "conversation_quality_overall", "conversation_quality_timeline")
SCOPE_DEEP = "interhumanai.upload.inter-2-deep"
MAX_WAIT_SECONDS = 120
JOB_TTL_SECONDS = 3600.0


@dataclass
class V2Settings:
    """``concurrency`` jobs run at once (each on its own worker thread); up to ``queue`` more
    wait (over that: 429 ``ih3002``); the store holds at most ``max_jobs`` unexpired jobs (over
    that: 503 ``ih1002``). ``state_dir`` holds ``jobs.sqlite`` and the jobs' spooled files; without
    it jobs live in memory (and die with the engine). ``job_delay`` (tests) holds each job that
    long in ``running`` before it is analysed. ``stream_max_lag``: V2 stream media that waited
longer than this for the analysis is not analysed (``coverage.dropped``)."""

    concurrency: int = 2
    queue: int = 16
    max_jobs: int = 1000
    max_duration: float = 1800.0
    state_dir: Path | None = None
    serve_deep: bool = False
    job_ttl: float = JOB_TTL_SECONDS
    job_delay: float = 0.0
    stream_max_lag: float = 10.0  # V2 stream media that waited longer is shed (coverage.dropped)

    @property
    def served_models(self) -> tuple[str, ...]:
        return MODELS if self.serve_deep else MODELS[:2]
