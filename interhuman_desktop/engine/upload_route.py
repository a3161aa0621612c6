"""``POST /v1/upload/analyze``: streamed multipart in, decode + analysis on the worker pool."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.analysis.base import SessionOptions
from interhuman_desktop.engine.auth import bearer_from_header
from interhuman_desktop.engine.errors import CORRELATION_HEADER, EngineError, error_response
from interhuman_desktop.engine.settings import GOAL_DIMENSIONS, INCLUDE_FLAGS, SCOPE_UPLOAD
from interhuman_desktop.engine.state import EngineState, correlation_id, engine_state
from interhuman_desktop.engine.throttle import client_key
from interhuman_desktop.engine.upload_form import UploadForm, read_upload_form

log = logging.getLogger(__name__)


async def upload_analyze(request: Request) -> Response:
    state = engine_state(request)
    cid = correlation_id(request)
    form: UploadForm | None = None
    try:
        credential = bearer_from_header(request.headers.get("authorization"))
        state.auth.require(credential, SCOPE_UPLOAD, client_key(request.scope))
        _check_content_length(request, state.settings.max_upload_bytes)
        form = await read_upload_form(
            request.headers.get("content-type"),
            request.stream(),
            max_file_bytes=state.settings.max_upload_bytes,
        )
        fault = state.settings.faults.next_upload_fault()
        if fault is not None:
            log.info("fault injected on upload %s: %s", cid, fault)
            headers = {"Retry-After": "1"} if fault == ErrorId.RATE_LIMITED else None
            return error_response(fault, cid, headers=headers)
        payload = await _analyse(state, form)
    except EngineError as exc:
        return _refusal(exc, cid)
    except ClientDisconnect:
        log.info("upload %s: the client went away mid-body", cid)
        return error_response(ErrorId.INVALID_PARAMETER, cid, "The client went away mid-body.")
    finally:
        if form is not None:
            form.cleanup()
    return JSONResponse(payload, headers={CORRELATION_HEADER: cid})


def _check_content_length(request: Request, max_file_bytes: int) -> None:
    """Refuse at once when the declared body cannot fit (the file alone is ≤ max)."""
    raw = request.headers.get("content-length")
    if raw is None:
        return
    try:
        declared = int(raw)
    except ValueError:
        raise EngineError(ErrorId.INVALID_PARAMETER, "Invalid Content-Length.") from None
    if declared > max_file_bytes + 1024 * 1024:
        raise EngineError(ErrorId.PAYLOAD_TOO_LARGE)


def _refusal(exc: EngineError, cid: str) -> Response:
    # A refusal sent before the body was read must also end the connection, or the
    # client would keep streaming a body nobody reads (and uvicorn would drain it).
    headers = dict(exc.headers)  # e.g. Retry-After on a throttled 429
    if exc.error_id in (ErrorId.PAYLOAD_TOO_LARGE, ErrorId.INVALID_PARAMETER):
        headers["Connection"] = "close"
    log.info("upload %s refused: %s", cid, exc.error_id)
    return error_response(exc.error_id, cid, exc.message, headers=headers)


def options_from_form(form: UploadForm) -> SessionOptions:
    """Known include flags only (unknown ones are ignored); goals must be known dimensions."""
    include = [v for v in form.values("include[]", "include") if v in INCLUDE_FLAGS]
    goals_raw = form.values("goal_dimensions[]", "goal_dimensions")
    bad = [g for g in goals_raw if g not in GOAL_DIMENSIONS]
    if bad:
        raise EngineError(ErrorId.INVALID_PARAMETER,
                          f"Unknown goal dimension(s): {', '.join(bad)}.")
    contexts = form.values("conversation_context")
    context = contexts[0] if contexts else None
    return SessionOptions(
        include=list(dict.fromkeys(include)),
        goal_dimensions=list(dict.fromkeys(goals_raw)) or None,
        conversation_context=context or None,
    )


async def _analyse(state: EngineState, form: UploadForm) -> dict[str, Any]:
    if form.file_path is None:
        raise EngineError(ErrorId.MISSING_FILE)
    if form.file_size < state.settings.min_upload_bytes:
        raise EngineError(ErrorId.VIDEO_TOO_SHORT, "The upload must be at least 10 KB.")
    options = options_from_form(form)
    path = form.file_path
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(state.executor, state.analyse_file, path, options)
