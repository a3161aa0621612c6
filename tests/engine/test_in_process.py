"""The in-process variant (uvicorn in a thread), used where a child process is not wanted."""

from __future__ import annotations

from engine_helpers import assert_error, http_client

from interhuman_desktop.engine.runner import ThreadedEngine
from interhuman_desktop.engine.settings import EngineSettings


def test_threaded_engine_serves_and_stops() -> None:
    settings = EngineSettings(api_keys=["in-process-key"], max_upload_bytes=1000)
    with ThreadedEngine(settings) as eng, http_client() as c:
        assert c.get(eng.base_url + "/healthz").json() == {"status": "ok"}
        r = c.post(eng.base_url + "/v1/upload/analyze",
                   headers={"Authorization": "Bearer in-process-key"},
                   files={"file": ("a.mp4", b"\0" * 5000)})
        assert_error(r, 413, "ih4003")
        r = c.get(eng.base_url + "/nowhere")
        assert r.status_code == 404 and r.headers["x-correlation-id"]
    assert not eng.thread.is_alive()
