"""A tiny loopback stand-in for the Interhuman cloud's auth behaviour (interhuman-api.md §2, §3.4).

Only what "Test connection" calls: ``POST /v1/upload/analyze`` checks the Bearer key before the
form (401 ``ih2001`` for an unknown key, 422 for a known key with no file), and
``POST /v1/client_tokens`` (+ ``/revoke``) mints a token whose ``scope`` lists the key's scopes.
Every answer carries ``X-Correlation-ID``; the canonical error body has the four fields.
"""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCOPES = "interhumanai.upload interhumanai.stream"


class FakeCloud:
    def __init__(self, good_key: str) -> None:
        self.good_key = good_key
        self.requests: list[tuple[str, str]] = []  # (path, bearer)
        self.revoked: list[str] = []
        self.last_correlation_id = ""
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeCloud:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        cloud = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                bearer = (self.headers.get("authorization") or "").removeprefix("Bearer ")
                cloud.requests.append((self.path, bearer))
                status, payload = cloud.answer(self.path, bearer, body)
                self._send(status, payload)

            def _send(self, status: int, payload: dict) -> None:
                cid = str(uuid.uuid4())
                cloud.last_correlation_id = cid
                if "correlation_id" in payload:
                    payload["correlation_id"] = cid
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-Correlation-ID", cid)
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def answer(self, path: str, bearer: str, body: bytes) -> tuple[int, dict]:
        if path == "/v1/upload/analyze":
            if bearer != self.good_key:
                return 401, _error("ih2001", "The API key is invalid or expired.")
            return 422, _error("ih5001", "The `file` field is missing.")
        request = json.loads(body or b"{}")
        if request.get("api_key") != self.good_key:
            return 401, _error("ih2001", "The API key is invalid or expired.")
        if path == "/v1/client_tokens":
            return 200, {"access_token": "ct_" + uuid.uuid4().hex, "token_type": "Bearer",
                         "expires_in": int(request.get("expires_in") or 300), "scope": SCOPES}
        if path == "/v1/client_tokens/revoke":
            self.revoked.append(str(request.get("token")))
            return 200, {}
        return 404, _error("ih4004", "Not found.")


def _error(error_id: str, message: str) -> dict:
    return {"error_id": error_id, "correlation_id": "", "message": message,
            "link": f"https://docs.interhuman.ai/api-reference/error-handling#{error_id}"}
