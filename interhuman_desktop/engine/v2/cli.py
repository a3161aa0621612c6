"""The ``engine`` command's V2 flags (``--state-dir``, ``--v2-*``) → :class:`V2Settings`."""

from __future__ import annotations

import argparse
from pathlib import Path

from interhuman_desktop.engine.v2_settings import V2Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--state-dir", type=Path, default=None, metavar="DIR",
                   help="keep V2 jobs (jobs.sqlite) and their uploads here, across restarts")
    p.add_argument("--v2-concurrency", type=int, default=2, metavar="N",
                   help="V2 upload jobs analysed at once (default 2)")
    p.add_argument("--v2-queue", type=int, default=16, metavar="N",
                   help="V2 jobs that may wait for a slot; more get 429 ih3002 (default 16)")
    p.add_argument("--v2-max-jobs", type=int, default=1000, metavar="N",
                   help="unexpired V2 jobs held at most; more get 503 ih1002 (default 1000)")
    p.add_argument("--v2-deep", action="store_true",
                   help="serve inter-2-deep (otherwise it is refused with ih4020)")
    p.add_argument("--v2-stream-max-lag", type=float, default=10.0, metavar="S",
                   help="V2 stream media waiting longer than S s for analysis is shed "
                        "(coverage.dropped; default 10)")
    p.add_argument("--v2-max-duration", type=float, default=1800.0, help=argparse.SUPPRESS)
    p.add_argument("--v2-job-delay", type=float, default=0.0, help=argparse.SUPPRESS)
    p.add_argument("--v2-job-ttl", type=float, default=3600.0, help=argparse.SUPPRESS)


def settings_from_args(args: argparse.Namespace) -> V2Settings:
    return V2Settings(
        concurrency=max(1, args.v2_concurrency),
        queue=max(0, args.v2_queue),
        max_jobs=max(1, args.v2_max_jobs),
        max_duration=args.v2_max_duration,
        state_dir=args.state_dir,
        serve_deep=args.v2_deep,
        job_delay=max(0.0, args.v2_job_delay),
        job_ttl=max(0.0, args.v2_job_ttl),
        stream_max_lag=max(0.0, args.v2_stream_max_lag),
    )
