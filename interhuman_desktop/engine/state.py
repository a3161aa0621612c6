"""What the engine's routes share, and the typed way to reach it from a request.

``EngineState`` holds the settings, the credentials, the worker pool and the analyser; the app
keeps one in ``app.state.engine`` and routes get it with :func:`engine_state` (typed, instead
of the untyped ``request.app.state.engine``). Routes import this module, never ``server``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from starlette.requests import HTTPConnection

from interhuman_desktop.engine.analysis.base import Analyzer, SessionOptions
from interhuman_desktop.engine.auth import Authenticator
from interhuman_desktop.engine.errors import EngineError
from interhuman_desktop.engine.settings import EngineSettings


class EngineState:
    """What the routes share: settings, credentials, the worker pool and the analyser."""

    def __init__(self, settings: EngineSettings, analyzer: Analyzer | None = None) -> None:
        self.settings = settings
        self.auth = Authenticator(settings)
        self.executor = ThreadPoolExecutor(settings.workers, thread_name_prefix="engine-worker")
        self.analyzer: Analyzer | None = analyzer
        self.ready = False

    def load_analyzer(self) -> None:
        """Build the analyser (imports OpenCV etc.); runs on a worker at start-up."""
        if self.analyzer is None:
            from interhuman_desktop.engine.analysis.registry import make_analyzer

            self.analyzer = make_analyzer(self.settings.analyzer)

    def analyse_file(self, path: Path, options: SessionOptions) -> dict[str, Any]:
        """Decode and analyse one upload (worker thread); EngineError for media failures."""
        from interhumanai import AnalysisResult

        from interhuman_desktop.engine.media import MediaError, decode_upload

        assert self.analyzer is not None
        upload = self.analyzer.open_upload(options)  # frames are measured as they decode
        try:
            media = decode_upload(
                path,
                analysis_fps=self.settings.analysis_fps,
                max_width=self.settings.max_width,
                on_frame=upload.add_frame,
            )
            payload = upload.finish(media)
        except MediaError as exc:
            raise EngineError(exc.code, exc.message) from None
        finally:  # refused uploads too (ih4002, ih4007, ih5001, ih5002): FaceMesh is freed
            upload.close()
        AnalysisResult.model_validate(payload)  # every reply must parse with the SDK
        return payload

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def engine_state(conn: HTTPConnection) -> EngineState:
    """The engine state of the app serving ``conn`` (a Request or a WebSocket)."""
    state = conn.app.state.engine
    if not isinstance(state, EngineState):
        raise RuntimeError("this app has no EngineState (create it with server.create_app)")
    return state


def correlation_id(conn: HTTPConnection) -> str:
    """The ``X-Correlation-ID`` CorrelationMiddleware gave this request or upgrade."""
    cid = conn.scope.get("state", {}).get("correlation_id", "")
    return cid if isinstance(cid, str) else ""
