"""``engine --host``: loopback only unless ``--allow-remote``, which warns and lifts the Host
check."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from engine_helpers import http_client
from security_helpers import HANG_BOUND

from interhuman_desktop.engine.child import engine_command

ROOT = Path(__file__).resolve().parents[2]


def _spawn(*args: str) -> subprocess.Popen:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "INTERHUMAN_ENGINE_API_KEYS": "k-cli", "PYTHONPATH": path}
    return subprocess.Popen(engine_command(["--port", "0", *args]), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.7", "example.com"])
def test_a_non_loopback_host_is_refused_without_allow_remote(host) -> None:
    proc = _spawn("--host", host)
    _, err = proc.communicate(timeout=HANG_BOUND)
    assert proc.returncode == 2, err.decode()
    text = err.decode()
    assert "not a loopback address" in text and "--allow-remote" in text
    assert "listening" not in text


def test_a_malformed_allow_origin_is_refused() -> None:
    proc = _spawn("--allow-origin", "app.example")
    _, err = proc.communicate(timeout=HANG_BOUND)
    assert proc.returncode == 2 and "give an origin like" in err.decode()


def _wait_port(port_file: Path, proc: subprocess.Popen) -> int:
    deadline = time.monotonic() + HANG_BOUND  # a bound for a hang; start-up is slow under load
    while time.monotonic() < deadline and proc.poll() is None:
        if port_file.exists() and port_file.read_text().strip():
            return int(port_file.read_text())
        time.sleep(0.05)
    raise AssertionError(proc.communicate(timeout=60))


def _stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    _, err = proc.communicate(timeout=HANG_BOUND)
    assert proc.returncode == 0, err.decode()[-3000:]
    return err.decode()


def test_allow_remote_binds_all_interfaces_with_a_warning(tmp_path) -> None:
    port_file = tmp_path / "port"
    proc = _spawn("--host", "0.0.0.0", "--allow-remote", "--port-file", str(port_file))
    try:
        port = _wait_port(port_file, proc)
        with http_client() as c:  # any Host name is served: the engine is meant to be remote
            r = c.get(f"http://127.0.0.1:{port}/healthz", headers={"Host": "engine.lan:1"})
            assert r.status_code == 200
    finally:
        err = _stop(proc) if proc.poll() is None else proc.communicate()[1].decode()
    assert "WARNING: serving plain HTTP on all interfaces" in err
    assert "k-cli" not in err


def test_loopback_hosts_start_without_a_warning(tmp_path) -> None:
    port_file = tmp_path / "port"
    proc = _spawn("--host", "localhost", "--port-file", str(port_file))
    try:
        port = _wait_port(port_file, proc)
        with http_client() as c:
            assert c.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
            foreign = c.get(f"http://127.0.0.1:{port}/healthz", headers={"Host": "engine.lan"})
            assert foreign.status_code == 403
    finally:
        err = _stop(proc) if proc.poll() is None else proc.communicate()[1].decode()
    assert "plain HTTP" not in err
