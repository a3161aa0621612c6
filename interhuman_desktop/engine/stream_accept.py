"""The WebSocket upgrade of both stream endpoints (V1 and V2): authenticate, then accept."""

from __future__ import annotations

import logging
from typing import Any

from starlette.websockets import WebSocket

from interhuman_desktop.engine.errors import EngineError, error_response
from interhuman_desktop.engine.state import EngineState, correlation_id, engine_state
from interhuman_desktop.engine.stream_protocol import handshake_credential
from interhuman_desktop.engine.throttle import client_key

log = logging.getLogger(__name__)


async def accept_authenticated(websocket: WebSocket) -> tuple[EngineState, str, Any] | None:
    """Authenticate the upgrade and accept it: (state, correlation id, principal), or ``None``
    after a refusal was sent (401 before accept, with the error body)."""
    state = engine_state(websocket)
    cid = correlation_id(websocket)
    credential, echo = handshake_credential(
        websocket.headers.get("authorization"), list(websocket.scope.get("subprotocols", []))
    )
    try:
        principal = state.auth.authenticate(credential, client_key(websocket.scope))
    except EngineError as exc:
        log.info("stream %s: handshake refused (%s)", cid, exc.error_id)
        refusal = error_response(exc.error_id, cid, exc.message, headers=exc.headers)
        await websocket.send_denial_response(refusal)
        return None
    await websocket.accept(subprotocol=echo)
    return state, cid, principal
