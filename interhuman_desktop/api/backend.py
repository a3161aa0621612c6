"""Which server to talk to (cloud or local engine) and the SDK client configured for it.

One ``httpx.AsyncClient`` is shared by every HTTP call of the app: phased timeouts (connect 10 s,
write 60 s, pool 10 s) with a long read timeout (300 s) because V1 upload analysis is synchronous
and large files take minutes; and the response hook that lets us read ``Retry-After`` and raw
error bodies (see :mod:`interhuman_desktop.api.capture`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Literal

import httpx
from interhumanai import InterhumanClient, TokenManager

from interhuman_desktop.api.capture import record_response

log = logging.getLogger(__name__)

CLOUD_BASE_URL = "https://api.interhuman.ai"
CONNECT_TIMEOUT = 10.0
WRITE_TIMEOUT = 60.0
POOL_TIMEOUT = 10.0
READ_TIMEOUT = 300.0

BackendKind = Literal["local", "cloud"]


@dataclass(frozen=True)
class Backend:
    """Where requests go and with which credential (an API key, or a key id + secret pair)."""

    kind: BackendKind = "cloud"
    base_url: str = CLOUD_BASE_URL
    api_key: str | None = field(default=None, repr=False)
    key_id: str | None = None
    key_secret: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        has_pair = self.key_id is not None or self.key_secret is not None
        if has_pair and (self.key_id is None or self.key_secret is None):
            raise ValueError("a key pair needs both key_id and key_secret")
        if has_pair == (self.api_key is not None):
            raise ValueError("give exactly one credential: api_key, or key_id + key_secret")
        from interhuman_desktop.core.redact import register_secret

        register_secret(self.api_key)
        register_secret(self.key_secret)

    @classmethod
    def cloud(cls, api_key: str, base_url: str | None = None) -> Backend:
        return cls(kind="cloud", base_url=base_url or CLOUD_BASE_URL, api_key=api_key)

    @classmethod
    def local(cls, base_url: str, api_key: str) -> Backend:
        return cls(kind="local", base_url=base_url, api_key=api_key)


def http_timeouts(read: float = READ_TIMEOUT) -> httpx.Timeout:
    return httpx.Timeout(connect=CONNECT_TIMEOUT, read=read, write=WRITE_TIMEOUT, pool=POOL_TIMEOUT)


def make_http_client(
    *, read_timeout: float = READ_TIMEOUT, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """The app's shared AsyncClient; the caller closes it (``async with`` or ``aclose()``)."""
    return httpx.AsyncClient(
        timeout=http_timeouts(read_timeout),
        transport=transport,
        event_hooks={"response": [record_response]},
        follow_redirects=False,
    )


def make_client(backend: Backend, http_client: httpx.AsyncClient) -> InterhumanClient:
    """The SDK client for ``backend``, sending through ``http_client``."""
    log.debug("SDK client for %s backend at %s", backend.kind, backend.base_url)
    if backend.api_key is not None:
        return InterhumanClient(
            access_token=backend.api_key, base_url=backend.base_url, http_client=http_client
        )
    return InterhumanClient(
        key_id=backend.key_id,
        key_secret=backend.key_secret,
        base_url=backend.base_url,
        http_client=http_client,
    )


def invalidate_token(client: InterhumanClient) -> bool:
    """Drop a minted key-pair token so the next call re-mints (decisions #9: once on 401).

    Returns False for a static API key, where re-minting cannot help. Reads the SDK client's
    token provider, which has no public accessor.
    """
    provider = getattr(client, "_token_provider", None)
    if isinstance(provider, TokenManager):
        provider.invalidate()
        return True
    return False
