"""Inter-2 (V2) on the local engine: upload jobs (``POST /v2/upload/analyze``,
``GET /v2/upload/jobs/{job_id}``), their bounded queue and persistence, the audio model, and
``WS /v2/stream/analyze``. See docs/analyzer.md §2.13."""
