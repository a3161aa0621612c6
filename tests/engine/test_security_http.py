"""The engine's guards over real HTTP: Host check, auth throttling, read timeouts, error bodies."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
from engine_helpers import KEY_PAIR, assert_error, http_client, ws_url
from security_helpers import (
    HANG_BOUND,
    auth,
    open_socket,
    parse_reply,
    raw_exchange,
    read_until_closed,
    second_loopback_address,
    ws_opens,
    ws_refusal,
)

UPLOAD = "/v1/upload/analyze"


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, HANG_BOUND))


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example"])
def test_foreign_host_is_refused_on_http_and_ws(engine, host) -> None:
    with http_client() as c:
        r = c.get(engine.base_url + "/healthz", headers={"Host": host})
    body = assert_error(r, 403, "ih2003")
    assert "Host" in body["message"]
    url = f"ws://{host}/v1/stream/analyze"  # the Host header; the socket goes to the engine
    reply = run(ws_refusal(url, additional_headers=auth(engine.api_key), host="127.0.0.1",
                           port=engine.port))
    reply.error(403, "ih2003")


@pytest.mark.parametrize("host", ["localhost", "localhost:1234", "127.0.0.1", "[::1]:8765",
                                  "LOCALHOST."])
def test_loopback_host_names_are_served(engine, host) -> None:
    with http_client() as c:
        assert c.get(engine.base_url + "/healthz", headers={"Host": host}).status_code == 200


def test_foreign_origin_is_refused_on_http_too(engine) -> None:
    with http_client() as c:
        r = c.get(engine.base_url + "/healthz", headers={"Origin": "https://evil.example"})
        assert "Origin" in assert_error(r, 403, "ih2003")["message"]
        for origin in ("http://localhost:3000", "null"):
            assert c.get(engine.base_url + "/healthz", headers={"Origin": origin}).status_code \
                == 200


@pytest.fixture(scope="module")
def throttled(engine_factory):
    """Three failures per address, then one per 10 minutes: no refill during the test."""
    return engine_factory("--auth-burst", "3", "--auth-refill", "600")


def _upload_status(client: httpx.Client, base: str, key: str) -> httpx.Response:
    # No file part: a credential that passes gets 400 ih4001, a wrong one 401.
    return client.post(base + UPLOAD, headers={"Authorization": f"Bearer {key}"},
                       files={"other": ("x", b"x")})


def test_failed_auth_is_throttled_per_address(throttled) -> None:
    base, key = throttled.base_url, throttled.api_key
    with http_client() as c:
        for _ in range(5):  # a foreign page's guesses are refused before any key is checked
            r = c.post(base + UPLOAD, headers={**auth("wrong"), "Origin": "https://evil.example"},
                       files={"other": ("x", b"x")})
            assert_error(r, 403, "ih2003")
        assert_error(_upload_status(c, base, key), 400, "ih4001")  # successes cost nothing
        for _ in range(2):
            assert_error(_upload_status(c, base, "wrong"), 401, "ih2001")
        r = c.post(base + "/v1/auth", json={"key_id": KEY_PAIR[0], "key_secret": "wrong",
                                            "scopes": ["interhumanai.upload"]})
        assert_error(r, 401, "ih2001")  # a wrong key pair is the third failure
        for attempt in ("wrong", key):  # now even the right key waits
            r = _upload_status(c, base, attempt)
            assert_error(r, 429, "ih3001")
            assert int(r.headers["retry-after"]) >= 1
        for forwarded in ("X-Forwarded-For", "X-Real-IP", "Forwarded"):  # no way around it
            r = c.post(base + UPLOAD, headers={**auth("wrong"), forwarded: "10.9.8.7"},
                       files={"other": ("x", b"x")})
            assert_error(r, 429, "ih3001")
        r = c.post(base + "/v1/auth", json={"key_id": KEY_PAIR[0], "key_secret": KEY_PAIR[1],
                                            "scopes": ["interhumanai.upload"]})
        assert_error(r, 429, "ih3001")
    reply = run(ws_refusal(ws_url(base), additional_headers=auth(key)))
    reply.error(429, "ih3001")
    assert int(reply.headers["retry-after"]) >= 1

    other = second_loopback_address()  # another client address is not throttled
    transport = httpx.HTTPTransport(local_address=other)
    with http_client(transport=transport) as c:
        assert_error(_upload_status(c, base, "wrong"), 401, "ih2001")
        assert_error(_upload_status(c, base, key), 400, "ih4001")
    ready = run(ws_opens(base, key, local_addr=(other, 0)))
    assert ready["type"] == "session.ready"


@pytest.fixture(scope="module")
def slow_reader(engine_factory):
    """Request heads and body chunks must come within 2 s, a whole body within 8 s."""
    return engine_factory("--read-timeout", "2", "--body-deadline", "8")


def _upload_head(port: int, key: str, length: int) -> bytes:
    return (f"POST {UPLOAD} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {key}\r\n"
            "Content-Type: multipart/form-data; boundary=XyZ\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def _body_start() -> bytes:
    return (b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n'
            b"Content-Type: video/mp4\r\n\r\n" + b"\0" * 1000)


def test_a_stalled_body_is_answered_and_closed(slow_reader) -> None:
    with open_socket(slow_reader.port) as sock:
        sock.sendall(_upload_head(slow_reader.port, slow_reader.api_key, 200_000) + _body_start())
        reply = parse_reply(read_until_closed(sock))  # the server closes: recv() gives b""
    body = reply.error(400, "ih4005")
    assert "did not arrive in time" in body["message"]


def test_a_trickling_body_is_closed_at_the_deadline(slow_reader) -> None:
    with open_socket(slow_reader.port) as sock:
        sock.sendall(_upload_head(slow_reader.port, slow_reader.api_key, 200_000) + _body_start())
        stop = threading.Event()

        def trickle() -> None:  # one byte every 0.5 s: never idle for the 2-s read timeout
            while not stop.wait(0.5):
                try:
                    sock.send(b"\0")
                except OSError:
                    return

        sender = threading.Thread(target=trickle, daemon=True)
        sender.start()
        try:
            raw = read_until_closed(sock)
        finally:
            stop.set()
            sender.join(HANG_BOUND)
    body = parse_reply(raw).error(400, "ih4005")
    assert "did not arrive in time" in body["message"]


def test_a_stalled_request_head_is_closed(slow_reader) -> None:
    with open_socket(slow_reader.port) as sock:
        sock.sendall(f"POST {UPLOAD} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
        reply = parse_reply(read_until_closed(sock))
    assert "did not arrive in time" in reply.error(408, "ih4005")["message"]


@pytest.mark.parametrize("request_bytes", [
    b"POST /v1/auth HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n",
    b"NOT-HTTP\r\n\r\n",
])
def test_malformed_requests_get_the_error_body(engine, request_bytes) -> None:
    reply = raw_exchange(engine.port, request_bytes)
    reply.error(400, "ih4005")
    assert reply.headers["content-type"] == "application/json"


def test_bad_websocket_handshakes_get_the_error_body(engine) -> None:
    head = (f"GET /v1/stream/analyze HTTP/1.1\r\nHost: 127.0.0.1:{engine.port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n")
    raw_exchange(engine.port, (head + "Sec-WebSocket-Version: 13\r\n\r\n").encode()
                 ).error(400, "ih4005")  # no Sec-WebSocket-Key
    reply = raw_exchange(engine.port, (head + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                       "Sec-WebSocket-Version: 8\r\n\r\n").encode())
    assert "Sec-WebSocket-Version" in reply.error(400, "ih4005")["message"]
    long_line = "X-Long: " + "a" * 10_000 + "\r\n"  # h11 takes it, websockets' parser does not
    reply = raw_exchange(engine.port, (head + long_line + "Sec-WebSocket-Key: "
                                       "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13"
                                       "\r\n\r\n").encode())
    reply.error(431, "ih4005")


def test_unknown_paths_and_methods_get_the_error_body(engine) -> None:
    with http_client() as c:
        assert "no such path" in assert_error(c.get(engine.base_url + "/nope"), 404, "ih4005")[
            "message"]
        assert_error(c.get(engine.base_url + "/v1/stream/analyze"), 404, "ih4005")
        assert_error(c.get(engine.base_url + "/v1/auth"), 405, "ih4005")
    url = engine.base_url.replace("http://", "ws://") + "/v1/stream/other"
    run(ws_refusal(url, additional_headers=auth(engine.api_key))).error(404, "ih4005")


def test_deep_json_on_auth_is_a_400(engine) -> None:
    with http_client() as c:
        r = c.post(engine.base_url + "/v1/auth", content=b"[" * 60_000,
                   headers={"Content-Type": "application/json"})
    assert "too deeply" in assert_error(r, 400, "ih4005")["message"]
