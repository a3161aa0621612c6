"""Pure pieces of the engine guards: throttle keys and buckets, Host/Origin rules, bounded JSON."""

from __future__ import annotations

import pytest

from interhuman_desktop.engine.auth import Authenticator
from interhuman_desktop.engine.bounded_json import JSONBoundError, loads_bounded, nesting_depth
from interhuman_desktop.engine.errors import EngineError
from interhuman_desktop.engine.guard import check_origin_spec, host_allowed, origin_allowed
from interhuman_desktop.engine.protocols import error_payload, raw_response
from interhuman_desktop.engine.settings import EngineSettings
from interhuman_desktop.engine.stream_protocol import ConfigError, parse_text_frame
from interhuman_desktop.engine.throttle import FailureThrottle, address_key, client_key


def test_throttle_keys_by_address_and_ipv6_prefix() -> None:
    assert client_key({"client": ("127.0.0.1", 5555)}) == "127.0.0.1"
    assert client_key({"client": ("127.0.0.2", 5555)}) == "127.0.0.2"
    assert client_key({"client": None}) is None and client_key({}) is None
    assert address_key("::ffff:10.1.2.3") == "10.1.2.3"
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("fe80::1%eth0") == "fe80::/64"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_bucket_refills_and_keeps_addresses_apart() -> None:
    clock = Clock()
    throttle = FailureThrottle(burst=3, refill=2.0, clock=clock)
    for _ in range(3):
        throttle.check("a")
        throttle.failed("a")
    with pytest.raises(EngineError) as info:
        throttle.check("a")
    assert info.value.error_id == "ih3001" and info.value.status == 429
    assert info.value.headers == {"Retry-After": "2"}
    throttle.check("b")  # another address is not throttled
    clock.now += 1.0
    assert throttle.retry_after("a") == 1
    clock.now += 1.0
    throttle.check("a")  # one failure came back after `refill` seconds
    throttle.failed("a")
    assert throttle.retry_after("a") == 2
    throttle.check(None)  # no address (a Unix socket): never throttled


def test_authenticator_throttles_wrong_keys_only() -> None:
    clock = Clock()
    auth = Authenticator(EngineSettings(api_keys=["good"], key_pairs={"id": "sec"},
                                        auth_burst=2, auth_refill=60), clock=clock)
    for _ in range(5):  # successes and missing credentials cost nothing
        auth.authenticate("good", "x")
        with pytest.raises(EngineError, match="No credentials"):
            auth.authenticate(None, "x")
    for _ in range(2):
        with pytest.raises(EngineError) as info:
            auth.authenticate("bad", "x")
        assert info.value.error_id == "ih2001"
    for attempt in (lambda: auth.authenticate("good", "x"),
                    lambda: auth.mint("id", "sec", ["interhumanai.stream"], "x")):
        with pytest.raises(EngineError) as info:
            attempt()  # even a good credential waits: guessing gains nothing from speed
        assert info.value.error_id == "ih3001"
    assert auth.authenticate("good", "y").kind == "api_key"
    with pytest.raises(EngineError):
        auth.mint("id", "wrong", ["interhumanai.stream"], "z")  # a wrong pair counts too
    with pytest.raises(EngineError):
        auth.mint("id", "wrong", ["interhumanai.stream"], "z")
    with pytest.raises(EngineError, match="Retry in 60 s"):
        auth.authenticate("good", "z")
    clock.now += 60
    assert auth.authenticate("good", "z").kind == "api_key"


@pytest.mark.parametrize("host, ok", [
    (None, True), ("127.0.0.1", True), ("127.0.0.1:8765", True), ("localhost:1", True),
    ("LOCALHOST.", True), ("[::1]:8765", True), ("[::1]", True), ("127.9.8.7:80", True),
    ("app.localhost:3000", True), ("evil.example", False), ("evil.example:8765", False),
    ("127.0.0.1.evil.example", False), ("localhost.evil.example", False), ("10.0.0.5", False),
    ("[2001:db8::1]:80", False), ("", False),
])
def test_host_rule(host, ok) -> None:
    assert host_allowed(host, allow_remote=False) is ok
    assert host_allowed(host, allow_remote=True)


@pytest.mark.parametrize("origin, ok", [
    (None, True), ("null", True), ("http://localhost:3000", True), ("https://localhost", True),
    ("http://127.0.0.1:8080", True), ("http://127.5.6.7", True), ("http://[::1]:9000", True),
    ("HTTP://LOCALHOST:3000/", True), ("https://evil.example", False),
    ("http://localhost.evil.example", False), ("http://localhost@evil.example", False),
    ("http://evil.example@localhost", False), ("ftp://localhost", False),
    ("http://localhost:99999", False), ("file://", False), ("https://app.example", False),
])
def test_origin_rule(origin, ok) -> None:
    assert origin_allowed(origin) is ok


def test_allowed_origins_are_exact_or_wildcard() -> None:
    assert origin_allowed("https://app.example", ["https://App.Example/"])
    assert not origin_allowed("https://app.example:8443", ["https://app.example"])
    assert not origin_allowed("https://other.example", ["https://app.example"])
    assert origin_allowed("https://other.example", ["*"])


def test_allow_origin_values_are_checked() -> None:
    assert check_origin_spec(" https://app.example:8443 ") == "https://app.example:8443"
    assert check_origin_spec("*") == "*"
    for bad in ["app.example", "https://", "ftp://x", "https://a.example/path", "http://a:x"]:
        with pytest.raises(ValueError):
            check_origin_spec(bad)


def test_bounded_json() -> None:
    assert nesting_depth('{"a": [[1], "]]]][[[[", {"b": "\\"[["}]}') == 3
    assert loads_bounded('{"include": ["x"]}', max_depth=2) == {"include": ["x"]}
    with pytest.raises(JSONBoundError, match="too deeply"):
        loads_bounded("[" * 40 + "]" * 40)
    with pytest.raises(JSONBoundError, match="too large"):
        loads_bounded(b"[" * 100_000)
    with pytest.raises(JSONBoundError, match="not valid JSON"):
        loads_bounded("{nope")
    with pytest.raises(JSONBoundError, match="not UTF-8"):
        loads_bounded(b"\xff\xfe")


@pytest.mark.parametrize("frame", ["[" * 100_000, "[" * 5_000, '{"include": ' + "[" * 20 + "]" * 20
                                   + "}", "{" * 30_000])
def test_deep_config_frames_are_config_errors(frame) -> None:
    with pytest.raises(ConfigError):
        parse_text_frame(frame)


def test_protocol_level_error_bodies() -> None:
    cid, body = error_payload(400, "Invalid HTTP request received.")
    assert cid in body.decode() and b'"error_id": "ih4005"' in body
    assert b'"error_id": "ih2003"' in error_payload(403, "")[1]
    assert b"Forbidden." in error_payload(403, "")[1]  # an empty text gets the status phrase
    raw = raw_response(408, "slow")
    assert raw.startswith(b"HTTP/1.1 408 Request Timeout\r\n") and b"Connection: close" in raw
