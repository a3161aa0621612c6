"""``POST /v2/upload/analyze`` and ``GET /v2/upload/jobs/{job_id}`` on the engine.

The form is read by the V1 streaming reader (``upload_form``), credentials by the engine's
``Authenticator``; the checks that fail the *request* (model, wait_seconds, container, tracks,
duration) run before a job exists, the analysis after the 202 on the job queue.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from starlette.requests import ClientDisconnect, HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.core.folder_lock import FolderLock
from interhuman_desktop.engine.auth import Principal, bearer_from_header
from interhuman_desktop.engine.errors import CORRELATION_HEADER, EngineError, error_response
from interhuman_desktop.engine.settings import SCOPE_UPLOAD
from interhuman_desktop.engine.state import EngineState, correlation_id, engine_state
from interhuman_desktop.engine.throttle import client_key
from interhuman_desktop.engine.upload_form import UploadForm, read_upload_form
from interhuman_desktop.engine.v2_settings import (
    INCLUDE_FLAGS,
    MAX_WAIT_SECONDS,
    MODELS,
    SCOPE_DEEP,
    V2Settings,
)

from . import errors as _v2_errors  # noqa: F401 - adds the V2 ids
from .analyse import AnalysisConfig, analyse_job
from .media import probe
from .queue import RETRY_AFTER, JobQueue
from .store import Job
from .stream import v2_stream_routes

log = logging.getLogger(__name__)


class V2Service:
    """The V2 upload side of one engine; ``start``/``close`` run in the app's lifespan."""

    def __init__(self, engine: EngineState, settings: V2Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.queue: JobQueue | None = None
        self.spool_dir: str | None = None
        self._lock: FolderLock | None = None

    async def start(self) -> None:
        """Open the job store; one engine per state dir (FolderBusy otherwise)."""
        if self.settings.state_dir is not None:
            self.settings.state_dir.mkdir(parents=True, exist_ok=True)
            self._lock = FolderLock(self.settings.state_dir).acquire()
            uploads = self.settings.state_dir / "uploads"
            uploads.mkdir(parents=True, exist_ok=True)
            self.spool_dir = str(uploads)
        self.queue = JobQueue(self.settings, self._work)
        self.queue.start()

    async def close(self) -> None:
        if self.queue is not None:
            await self.queue.close()
        if self._lock is not None:
            self._lock.release()

    def _work(self, job: Job) -> dict[str, Any]:
        assert job.file is not None
        s = self.engine.settings
        assert self.queue is not None
        cfg = AnalysisConfig(s.analysis_fps, s.max_width,
                             getattr(self.engine.analyzer, "prefer_mesh", True),
                             self.settings.max_duration, self.queue.stopping)
        return analyse_job(Path(job.file), job.model, job.include, cfg)


def v2_service(conn: HTTPConnection) -> V2Service:
    """The V2 service of the app serving ``conn`` (typed, like ``engine_state``)."""
    service = conn.app.state.v2
    if not isinstance(service, V2Service):
        raise RuntimeError("this app has no V2Service (create it with server.create_app)")
    return service


def _require_upload(request: Request, engine: EngineState) -> Principal:
    credential = bearer_from_header(request.headers.get("authorization"))
    return engine.auth.require(credential, SCOPE_UPLOAD, client_key(request.scope))


async def submit(request: Request) -> Response:
    engine = engine_state(request)
    v2 = v2_service(request)
    cid = correlation_id(request)
    form: UploadForm | None = None
    try:
        principal = _require_upload(request, engine)
        form = await read_upload_form(
            request.headers.get("content-type"), request.stream(),
            max_file_bytes=engine.settings.max_upload_bytes, spool_dir=v2.spool_dir,
        )
        model, wait, include = _parameters(form, v2.settings, principal)
        path = await _checked_file(engine, v2.settings, form, model)
        assert v2.queue is not None
        job = v2.queue.submit(model, include, path, cid)
        form.file_path = None  # the job owns the spooled file now
        await v2.queue.wait(job.job_id, wait)
        job = v2.queue.get(job.job_id) or job
    except EngineError as exc:
        return _refusal(exc, cid)
    except ClientDisconnect:
        log.info("v2 submit %s: the client went away mid-body", cid)
        return Response(status_code=400, headers={CORRELATION_HEADER: cid})
    finally:
        if form is not None:
            form.cleanup()
    status = 200 if job.terminal else 202
    return JSONResponse(job.envelope(), status_code=status, headers={CORRELATION_HEADER: cid})


async def get_job(request: Request) -> Response:
    engine = engine_state(request)
    v2 = v2_service(request)
    cid = correlation_id(request)
    try:
        _require_upload(request, engine)
        job = v2.queue.get(request.path_params["job_id"]) if v2.queue else None
        if job is None:
            raise EngineError(ErrorId.JOB_UNKNOWN)
    except EngineError as exc:
        return error_response(exc.error_id, cid, exc.message, headers=exc.headers)
    return JSONResponse(job.envelope(), headers={CORRELATION_HEADER: cid})


def _parameters(
    form: UploadForm, settings: V2Settings, principal: Principal
) -> tuple[str, int, list[str]]:
    """(model, wait_seconds, include flags); ih4005 / ih4020 / ih2003."""
    model = (form.values("model") or [""])[0].strip()
    if model not in MODELS:
        raise EngineError(ErrorId.INVALID_PARAMETER,
                          "`model` must be inter-2, inter-2-audio or inter-2-deep.")
    if model not in settings.served_models:
        raise EngineError(ErrorId.MODEL_NOT_SERVED, f"This engine does not serve {model}.")
    if model == "inter-2-deep" and principal.kind != "api_key" and (
        SCOPE_DEEP not in principal.scopes
    ):
        raise EngineError(ErrorId.INSUFFICIENT_SCOPE, f"{model} needs the scope {SCOPE_DEEP}.")
    raw_wait = (form.values("wait_seconds") or ["0"])[0].strip() or "0"
    try:
        wait = int(raw_wait)
    except ValueError:
        raise EngineError(ErrorId.INVALID_PARAMETER, "`wait_seconds` must be an integer.") from None
    if not 0 <= wait <= MAX_WAIT_SECONDS:
        raise EngineError(ErrorId.INVALID_PARAMETER,
                          f"`wait_seconds` must be 0 to {MAX_WAIT_SECONDS}.")
    include = [v for v in form.values("include[]", "include") if v in INCLUDE_FLAGS]
    return model, wait, list(dict.fromkeys(include))


async def _checked_file(
    engine: EngineState, settings: V2Settings, form: UploadForm, model: str
) -> Path:
    if form.file_path is None:
        raise EngineError(ErrorId.MISSING_FILE)
    if form.file_size < engine.settings.min_upload_bytes:
        raise EngineError(ErrorId.VIDEO_TOO_SHORT, "The upload must be at least 10 KB.")
    loop = asyncio.get_running_loop()
    path = form.file_path
    await loop.run_in_executor(engine.executor, probe, path, model, settings.max_duration)
    return path


def _refusal(exc: EngineError, cid: str) -> Response:
    headers = dict(exc.headers)  # e.g. Retry-After on a throttled 429
    if exc.error_id in (ErrorId.TOO_MANY_JOBS, ErrorId.CONCURRENCY_LIMIT):
        headers["Retry-After"] = RETRY_AFTER
    if exc.error_id in (ErrorId.PAYLOAD_TOO_LARGE,):
        headers["Connection"] = "close"
    log.info("v2 submit %s refused: %s", cid, exc.error_id)
    return error_response(exc.error_id, cid, exc.message, headers=headers or None)


def v2_routes() -> list[BaseRoute]:
    return [
        Route("/v2/upload/analyze", submit, methods=["POST"]),
        Route("/v2/upload/jobs/{job_id}", get_job, methods=["GET"]),
        *v2_stream_routes(),
    ]
