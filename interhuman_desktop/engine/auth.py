"""Credentials: API keys (all scopes), key pairs exchanged at ``/v1/auth`` for scoped tokens.

Secrets are compared with :func:`hmac.compare_digest` and never logged; a short SHA-256
prefix is the most a log line shows of any credential.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from interhuman_desktop.core.error_ids import ErrorId
from interhuman_desktop.engine.errors import EngineError
from interhuman_desktop.engine.settings import SCOPE_STREAM, SCOPE_UPLOAD, EngineSettings
from interhuman_desktop.engine.throttle import FailureThrottle

log = logging.getLogger(__name__)

ALL_SCOPES = frozenset({SCOPE_UPLOAD, SCOPE_STREAM})


def fingerprint(credential: str) -> str:
    """A short, non-reversible tag for logs."""
    return hashlib.sha256(credential.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Principal:
    kind: str  # "api_key" | "token"
    scopes: frozenset[str]


@dataclass(frozen=True)
class _Token:
    scopes: frozenset[str]
    expires_at: float


class Authenticator:
    """Checks bearer credentials and mints tokens; safe to share across the event loop.

    ``client`` (a :func:`~interhuman_desktop.engine.throttle.client_key`) throttles wrong
    credentials per address: 429 ``ih3001`` while that address has no failure left.
    """

    def __init__(self, settings: EngineSettings, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.throttle = FailureThrottle(settings.auth_burst, settings.auth_refill, clock)
        self._keys = [k.encode() for k in settings.api_keys]
        self._pairs = {kid: s.encode() for kid, s in settings.key_pairs.items()}
        self._ttl = settings.token_ttl
        self._clock = clock
        self._tokens: dict[str, _Token] = {}  # sha256(token) → grant
        self._lock = threading.Lock()

    def authenticate(self, credential: str | None, client: str | None = None) -> Principal:
        """The principal for a bearer credential; EngineError ih2002 / ih2001 / ih3001."""
        self.throttle.check(client)
        if not credential:
            raise EngineError(ErrorId.MISSING_CREDENTIALS)
        raw = credential.encode()
        if any(hmac.compare_digest(raw, key) for key in self._keys):
            return Principal("api_key", ALL_SCOPES)
        grant = self._tokens.get(_digest(credential))
        if grant is not None and grant.expires_at > self._clock():
            return Principal("token", grant.scopes)
        log.info("rejected credential %s", fingerprint(credential))
        self.throttle.failed(client)
        raise EngineError(ErrorId.INVALID_CREDENTIALS)

    def require(self, credential: str | None, scope: str, client: str | None = None
                ) -> Principal:
        principal = self.authenticate(credential, client)
        if scope not in principal.scopes:
            raise EngineError(ErrorId.INSUFFICIENT_SCOPE)
        return principal

    def mint(self, key_id: object, key_secret: object, scopes: object,
             client: str | None = None) -> dict[str, Any]:
        """Exchange a key pair for a token: the ``/v1/auth`` response body."""
        self.throttle.check(client)
        if not isinstance(key_id, str) or not key_id:
            raise EngineError(ErrorId.MISSING_KEY_ID)
        if not isinstance(key_secret, str) or not key_secret:
            raise EngineError(ErrorId.MISSING_KEY_SECRET)
        requested = _scope_list(scopes)
        expected = self._pairs.get(key_id, b"\0" * 32)
        ok = hmac.compare_digest(key_secret.encode(), expected) and key_id in self._pairs
        if not ok:
            log.info("rejected key pair %s", fingerprint(key_id))
            self.throttle.failed(client)
            raise EngineError(ErrorId.INVALID_CREDENTIALS)
        unknown = [s for s in requested if s not in ALL_SCOPES]
        if unknown:
            raise EngineError(ErrorId.INSUFFICIENT_SCOPE,
                              f"This key cannot be granted: {', '.join(unknown)}.")
        token = "ihtok_" + secrets.token_urlsafe(32)
        with self._lock:
            self._prune()
            self._tokens[_digest(token)] = _Token(
                frozenset(requested), self._clock() + self._ttl
            )
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self._ttl,
            "scope": " ".join(s for s in (SCOPE_UPLOAD, SCOPE_STREAM) if s in requested),
        }

    def _prune(self) -> None:
        now = self._clock()
        for k in [k for k, t in self._tokens.items() if t.expires_at <= now]:
            del self._tokens[k]


def bearer_from_header(value: str | None) -> str | None:
    """The credential of an ``Authorization: Bearer X`` header (scheme case-insensitive)."""
    if not value:
        return None
    scheme, _, cred = value.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return cred.strip() or None


def credential_from_subprotocols(offered: Sequence[str]) -> tuple[str | None, str | None]:
    """Browser auth: ``[<key>]`` or ``["access_token", <key>]`` → (credential, echo)."""
    if len(offered) == 1:
        return offered[0], offered[0]
    if len(offered) >= 2 and "access_token" in offered:
        i = offered.index("access_token")
        if i + 1 < len(offered):
            return offered[i + 1], "access_token"
    return None, None


def _scope_list(scopes: object) -> list[str]:
    if isinstance(scopes, str):
        scopes = scopes.split()
    if not isinstance(scopes, list) or not scopes or not all(isinstance(s, str) for s in scopes):
        raise EngineError(ErrorId.INVALID_PARAMETER,
                          "`scopes` must be a non-empty list of scope names.")
    return scopes


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
