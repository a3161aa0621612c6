"""Pure pieces of the engine: config frames, handshake credentials, tokens, the catalogue."""

from __future__ import annotations

import pytest

from interhuman_desktop.engine.auth import Authenticator, bearer_from_header
from interhuman_desktop.engine.errors import CATALOGUE, EngineError, error_body, ws_error_data
from interhuman_desktop.engine.settings import EngineSettings
from interhuman_desktop.engine.stream_protocol import (
    CLOSE,
    ConfigError,
    SessionConfig,
    handshake_credential,
    parse_text_frame,
)


def test_config_frames() -> None:
    assert parse_text_frame('{"type": "session.close"}') == CLOSE
    assert parse_text_frame("{}") == SessionConfig([], None)
    parsed = parse_text_frame('{"include": ["x", "conversation_quality_overall", '
                              '"conversation_quality_overall"], "goal_dimensions": ["energy"]}')
    assert parsed == SessionConfig(["conversation_quality_overall"], ["energy"])
    for bad in ["", "null", "[]", '{"include": [1]}', '{"goal_dimensions": "energy"}',
                '{"model": "inter-2"}', '{"type": "session.close", "x": 1}', '{"extra": 1}']:
        with pytest.raises(ConfigError):
            parse_text_frame(bad)


def test_handshake_credentials() -> None:
    assert handshake_credential("Bearer k", ["x"]) == ("k", None)
    assert handshake_credential("bearer  k ", []) == ("k", None)
    assert handshake_credential(None, ["k"]) == ("k", "k")
    assert handshake_credential(None, ["access_token", "k"]) == ("k", "access_token")
    assert handshake_credential(None, []) == (None, None)
    assert handshake_credential("Basic abc", ["a", "b"]) == (None, None)
    assert bearer_from_header("Bearer") is None


def test_tokens_carry_only_their_scopes_and_expire() -> None:
    now = [0.0]
    auth = Authenticator(EngineSettings(api_keys=["key"], key_pairs={"id": "secret"}),
                         clock=lambda: now[0])
    assert auth.authenticate("key").scopes == {"interhumanai.upload", "interhumanai.stream"}
    minted = auth.mint("id", "secret", ["interhumanai.stream"])
    assert minted["scope"] == "interhumanai.stream" and minted["expires_in"] == 900
    token = minted["access_token"]
    auth.require(token, "interhumanai.stream")
    with pytest.raises(EngineError) as info:
        auth.require(token, "interhumanai.upload")
    assert info.value.error_id == "ih2003" and info.value.status == 403
    now[0] = 901.0
    with pytest.raises(EngineError) as info:
        auth.authenticate(token)
    assert info.value.error_id == "ih2001"
    for args, error_id in [(("", "s", ["interhumanai.upload"]), "ih2004"),
                           (("id", None, ["interhumanai.upload"]), "ih2005"),
                           (("id", "nope", ["interhumanai.upload"]), "ih2001"),
                           (("id", "secret", []), "ih4005"),
                           (("id", "secret", ["interhumanai.realtime"]), "ih2003")]:
        with pytest.raises(EngineError) as info:
            auth.mint(*args)
        assert info.value.error_id == error_id


def test_catalogue_bodies() -> None:
    body = error_body("ih2005", "cid")
    assert body["link"].endswith("#ih2005-missing-key-secret")
    assert error_body("ih5002", "c")["link"].endswith("#ih5002-corrupted-video")
    assert ws_error_data("ih6002", segment=2)["link"].endswith("#ih6002-message-too-large")
    assert ws_error_data("ih6003")["segment"] is None
    assert {CATALOGUE[i].status for i in ("ih4003",)} == {413}
