"""No key in any log (real ``-v`` runs of ``live``, ``analyze`` and the engine), keys from a file
or stdin, ``--api-key`` warned about, and the engine child gets only its own key."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import websockets

from interhuman_desktop.core.redact import MASK, redact, register_secret
from interhuman_desktop.engine.child import child_environment, start_engine

KEY = "ih-test-key-9f3b2c7d5e1a"


def test_redact_masks_headers_assignments_and_registered_values() -> None:
    register_secret("s3cr3t-value-xyz")
    lines = ["> Authorization: Bearer abc.def-123", "x-api-key: zzz999", "url?api_key=q1w2e3&x=1",
             "Sec-WebSocket-Protocol: access_token, k3y-k3y", "config key='hello123'",
             "the value s3cr3t-value-xyz appears", "{'authorization': 'Bearer tok42'}",
             "Authorization: Bearer s3cr3t-value-xyz", "password = hunter22"]
    out = [redact(line) for line in lines]
    for leaked in ("abc.def-123", "zzz999", "q1w2e3", "k3y-k3y", "hello123", "s3cr3t-value-xyz",
                   "tok42", "hunter22"):
        assert leaked not in "\n".join(out)
    assert all(line.count(MASK) == 1 and "]]" not in line for line in out), out
    assert out[7] == "Authorization: Bearer [redacted]"
    assert [redact(line) for line in out] == out  # masking twice changes nothing
    assert redact("segment_key=3 monkey=5") == "segment_key=3 monkey=5"
    nonce = "> Sec-WebSocket-Key: dGhlIHNhbXBsZQ=="  # a handshake nonce, not a credential
    assert redact(nonce) == nonce


@pytest.fixture
def verbose_engine(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``interhuman-desktop -v engine`` (debug logging on), its key from the environment."""
    port_file, log_path = tmp_path / "port", tmp_path / "engine.log"
    env = {**os.environ, "INTERHUMAN_ENGINE_API_KEYS": KEY}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "interhuman_desktop", "-v", "engine",
                                 "--port", "0", "--port-file", str(port_file)],
                                env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not (port_file.exists() and port_file.read_text().strip()):
            assert proc.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port_file.read_text().strip()}", log_path
    finally:
        proc.terminate()
        proc.wait(30)


async def _browser_style_connect(base_url: str) -> None:
    """The browser form: the key as a subprotocol, and a key in the query string too."""
    url = base_url.replace("http", "ws") + f"/v1/stream/analyze?api_key={KEY}"
    async with websockets.connect(url, subprotocols=["access_token", KEY]) as ws:
        await asyncio.wait_for(ws.recv(), 60)


@pytest.mark.slow
def test_verbose_runs_log_no_key(tmp_path: Path, verbose_engine: tuple[str, Path],
                                 make_clip_file: Path) -> None:
    base_url, engine_log = verbose_engine
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\n")
    env = {**os.environ, "INTERHUMAN_DESKTOP_HOME": str(tmp_path / "home")}
    cli = [sys.executable, "-m", "interhuman_desktop", "-v"]
    live = subprocess.run([*cli, "live", "--source", "synthetic", "--duration", "4", "--out",
                           str(tmp_path / "s"), "--base-url", base_url, "--api-key-file",
                           str(key_file)], capture_output=True, text=True, timeout=300, env=env)
    assert live.returncode == 0, live.stderr[-3000:]
    analyze = subprocess.run([*cli, "analyze", str(make_clip_file), "--base-url", base_url,
                              "--api-key", "-"], input=KEY + "\n", capture_output=True,
                             text=True, timeout=300, env=env)
    assert analyze.returncode == 0, analyze.stderr[-3000:]
    asyncio.run(_browser_style_connect(base_url))
    client_log = live.stdout + live.stderr + analyze.stdout + analyze.stderr
    assert "> Authorization: Bearer [redacted]" in live.stderr  # websockets' handshake, masked
    assert "DEBUG httpcore" in analyze.stderr  # the upload's debug lines were logged too
    deadline = time.monotonic() + 60  # the engine's log of the browser-style handshake
    while "sec-websocket-protocol: [redacted]" not in engine_log.read_text().lower():
        assert time.monotonic() < deadline, engine_log.read_text()[-3000:]
        time.sleep(0.1)
    server_log = engine_log.read_text()
    assert "/v1/stream/analyze?api_key=[redacted]" in server_log
    assert KEY not in client_log and KEY not in server_log


@pytest.fixture
def make_clip_file(tmp_path: Path) -> Path:
    from media_factory import make_clip

    return make_clip(tmp_path / "clip.mp4", seconds=9.0, width=320, height=240, fps=15,
                     face=True, speech=[(0.5, 4.0), (5.0, 8.5)])


def test_api_key_on_the_command_line_warns_and_a_key_file_does_not(tmp_path: Path) -> None:
    import argparse

    from interhuman_desktop.commands.backend_choice import UsageError, add_backend_args, resolve_key

    parser = argparse.ArgumentParser()
    add_backend_args(parser)
    key_file = tmp_path / "key"
    key_file.write_text(f"{KEY}\nsecond line ignored\n")
    assert resolve_key(parser.parse_args(["--api-key-file", str(key_file)])) == KEY
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(UsageError):
        resolve_key(parser.parse_args(["--api-key-file", str(tmp_path / "empty")]))
    with pytest.raises(SystemExit):  # one source of key at a time
        parser.parse_args(["--api-key-file", str(key_file), "--api-key", KEY])
    env = {**os.environ, "INTERHUMAN_DESKTOP_HOME": str(tmp_path / "home")}
    env.pop("INTERHUMAN_API_KEY", None)
    code = ("import sys, argparse\n"
            "from interhuman_desktop.commands.backend_choice import add_backend_args, resolve_key\n"
            "p = argparse.ArgumentParser(); add_backend_args(p)\n"
            "print(resolve_key(p.parse_args(sys.argv[1:])) == sys.argv[-1])\n")
    warned = subprocess.run([sys.executable, "-c", code, "--api-key", KEY], capture_output=True,
                            text=True, timeout=120, env=env)
    assert warned.stdout.strip() == "True" and "visible to other users" in warned.stderr
    quiet = subprocess.run([sys.executable, "-c", code, "--api-key-file", str(key_file)],
                           capture_output=True, text=True, timeout=120, env=env)
    assert "warning" not in quiet.stderr.lower() and KEY not in quiet.stderr


def test_the_engine_child_gets_only_its_own_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERHUMAN_API_KEY", KEY)
    monkeypatch.setenv("INTERHUMAN_KEY_SECRET", "pair-secret-123")
    env = child_environment(os.environ)
    assert "INTERHUMAN_API_KEY" not in env and "INTERHUMAN_KEY_SECRET" not in env
    assert env.get("PATH") == os.environ["PATH"]
    if not Path("/proc/self/environ").exists():
        pytest.skip("reading a child's environment needs /proc")
    with start_engine() as engine:
        names = dict(item.split("=", 1) for item in Path(f"/proc/{engine.pid}/environ")
                     .read_text(errors="replace").split("\0") if "=" in item)
        assert "INTERHUMAN_API_KEY" not in names and KEY not in "".join(names.values())
        assert "pair-secret-123" not in "".join(names.values())
        assert names["INTERHUMAN_ENGINE_API_KEYS"] == engine.api_key
        assert names.get("PYTHONPATH")
