"""``live --api v2``: the synthetic source's segments go to /v2/stream/analyze as one
continuous fragmented-MP4 stream; the engine analyses them with no refused fragment."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def test_live_on_the_v2_stream(tmp_path) -> None:
    out, metrics_path = tmp_path / "session", tmp_path / "metrics.json"
    cmd = [sys.executable, "-m", "interhuman_desktop", "live", "--source", "synthetic",
           "--duration", "12", "--out", str(out), "--metrics", str(metrics_path), "--local",
           "--api", "v2", "--model", "inter-2"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    metrics = json.loads(metrics_path.read_text())
    assert metrics["segments_recorded"] == metrics["segments_sent"] >= 3
    assert metrics["segments_lost"] == metrics["segments_failed"] == 0
    assert metrics["events_received"] > 0
    envelopes = [e.get("envelope") or {} for e in
                 json.loads((out / "events.json").read_text())["events"]]
    types = [e.get("type") for e in envelopes]
    assert "error" not in types, [e for e in envelopes if e.get("type") == "error"]
    updated = [e for e in envelopes if e.get("type") == "session.updated"]
    assert updated and all(e["data"].get("model") == "inter-2" for e in updated)
    ready = next(e for e in envelopes if e.get("type") == "session.ready")
    assert ready["data"]["supported_session_config_options"]["model"]
    signals = [e for e in envelopes if str(e.get("type")).startswith("signal.")]
    assert all("modality" not in e["data"] for e in signals)  # V2 signals carry none
