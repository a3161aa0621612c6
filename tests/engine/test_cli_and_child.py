"""The ``engine`` subcommand and the child-process helper: port file, keys, clean exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from engine_helpers import READY_TIMEOUT, http_client

from interhuman_desktop.engine.child import engine_command, start_engine
from interhuman_desktop.engine.faults import Faults, FaultSpecError

ROOT = Path(__file__).resolve().parents[2]


def test_fault_parsing() -> None:
    faults = Faults.parse(["upload-429-every=3", "first-event-delay=0.5"])
    assert faults.upload_429_every == 3 and faults.first_event_delay == 0.5
    assert [faults.next_upload_fault() for _ in range(6)] == [None, None, "ih3001"] * 2
    for bad in ["nope=1", "upload-500-every", "upload-500-every=x", "first-event-delay=-1"]:
        with pytest.raises(FaultSpecError):
            Faults.parse([bad])


def _pythonpath() -> str:
    return os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)


def _spawn(tmp_path: Path, *args: str, env_keys: str = "k-env") -> subprocess.Popen:
    env = {**os.environ, "INTERHUMAN_ENGINE_API_KEYS": env_keys, "PYTHONPATH": _pythonpath()}
    return subprocess.Popen(engine_command(["--port", "0", *args]), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_port(port_file: Path, proc: subprocess.Popen) -> int:
    deadline = time.monotonic() + 120  # a bound for a hang; start-up is slow under load
    while time.monotonic() < deadline and proc.poll() is None:
        if port_file.exists():
            return int(port_file.read_text())
        time.sleep(0.05)
    raise AssertionError(proc.communicate(timeout=60))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_cli_serves_env_and_flag_keys_and_exits_0_on_signal(tmp_path, sig) -> None:
    port_file = tmp_path / "port"
    proc = _spawn(tmp_path, "--port-file", str(port_file), "--api-key", "k-flag")
    try:
        port = _wait_port(port_file, proc)
        base = f"http://127.0.0.1:{port}"
        with http_client() as c:
            assert c.get(base + "/healthz").status_code == 200
            for key, ok in [("k-env", True), ("k-flag", True), ("nope", False)]:
                r = c.post(base + "/v1/upload/analyze", headers={"Authorization": f"Bearer {key}"},
                           files={"other": ("x", b"x")})
                assert r.status_code == (400 if ok else 401)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()[-2000:]
    assert f"listening on http://127.0.0.1:{port}" in err.decode()
    assert "k-env" not in err.decode() and "k-flag" not in err.decode()


def test_cli_refuses_unknown_faults_and_missing_keys(tmp_path) -> None:
    proc = _spawn(tmp_path, "--fault", "bogus=2")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "unknown fault 'bogus'" in err.decode()
    proc = _spawn(tmp_path, env_keys="")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "no credentials" in err.decode()


def test_start_engine_generates_a_key_and_stops(tmp_path) -> None:
    eng = start_engine(ready_timeout=READY_TIMEOUT)
    try:
        assert eng.api_key and eng.alive()
        assert eng.api_key not in " ".join(eng.proc.args)  # never on the command line
        with http_client() as c:
            assert c.get(eng.base_url + "/healthz").json() == {"status": "ok"}
    finally:
        code = eng.stop(timeout=60)  # a clean exit may take long on a loaded machine
    assert code == 0


def test_start_engine_kill_is_hard() -> None:
    with start_engine(ready_timeout=READY_TIMEOUT) as eng:
        eng.kill()
        assert not eng.alive() and eng.proc.returncode == -signal.SIGKILL


def test_start_engine_reports_a_failing_child() -> None:
    from interhuman_desktop.engine.child import EngineStartError

    with pytest.raises(EngineStartError, match="exited with code 2") as info:
        start_engine(analyzer="no-such-analyzer", ready_timeout=READY_TIMEOUT)
    assert "cannot load the analyser" in str(info.value)  # the stderr tail comes along


def test_engine_subcommand_is_registered() -> None:
    from interhuman_desktop.cli import build_parser

    args = build_parser().parse_args(["engine", "--port", "0", "--fault", "upload-500-every=2"])
    assert args.command == "engine" and args.faults == ["upload-500-every=2"]


def test_cli_import_does_not_pull_heavy_modules() -> None:
    code = ("import sys; import interhuman_desktop.commands.engine as m; "
            "print(sorted(x for x in ('cv2','av','fastapi','uvicorn') if x in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": _pythonpath()}, check=True)
    assert out.stdout.strip() == "[]"
