"""Start the engine as a child process and wait until it answers ``/healthz``.

The key travels in the ``INTERHUMAN_ENGINE_API_KEYS`` environment variable, never on the command
line; the child binds port 0 and reports the real port through an atomically written file.
It gets only that key: the parent's own credentials are taken out of its environment.

Its files live in a temporary ``ih-engine-*`` folder (also its temporary files: ``TMPDIR``
points there), held with a folder lock while the parent runs and removed when the engine is
stopped or the parent exits; folders a killed parent left are removed at the next start.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from interhuman_desktop.core.folder_lock import LOCK_NAME, FolderLock, in_use

KEYS_ENV = "INTERHUMAN_ENGINE_API_KEYS"
WORKDIR_PREFIX = "ih-engine-"
# Secrets of the parent the engine never needs: it gets only its own key (KEYS_ENV).
SECRET_ENV = ("INTERHUMAN_API_KEY", "INTERHUMAN_KEY_ID", "INTERHUMAN_KEY_SECRET",
              "INTERHUMAN_ACCESS_TOKEN")
SECRET_ENV_MARKERS = ("API_KEY", "SECRET", "TOKEN", "PASSWORD")
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only


class EngineStartError(RuntimeError):
    """The child died or did not become healthy in time; the message has its stderr tail."""


class EngineProcess:
    """A running engine child: ``base_url``, ``api_key``, ``pid``; a context manager."""

    def __init__(
        self, proc: subprocess.Popen[bytes], port: int, api_key: str, workdir: Path
    ) -> None:
        self.proc = proc
        self.port = port
        self.api_key = api_key
        self._workdir = workdir
        self._lock: FolderLock | None = None  # held while the child runs (stale clean-up)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 5) -> int | None:
        """SIGTERM, then kill after ``timeout``; returns the exit code."""
        if self.proc.poll() is None:
            if os.name == "nt":  # no SIGTERM there; TerminateProcess
                self.proc.terminate()
            else:
                self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout)
        self._cleanup()
        return self.proc.returncode

    def kill(self) -> None:
        """Hard kill (tests that lose the engine mid-session)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self._cleanup()

    def stderr_tail(self, limit: int = 4000) -> str:
        path = self._workdir / "stderr.log"
        try:
            return path.read_text(errors="replace")[-limit:]
        except OSError:
            return ""

    def _cleanup(self) -> None:
        atexit.unregister(self.stop)
        lock = getattr(self, "_lock", None)
        if lock is not None:
            lock.release()
        shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self) -> EngineProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def child_environment(parent: Mapping[str, str]) -> dict[str, str]:
    """The parent's environment without its secrets (PYTHONPATH and the rest stay)."""
    return {k: v for k, v in parent.items() if k != KEYS_ENV and not _secret_name(k)}


def _secret_name(name: str) -> bool:
    upper = name.upper()
    return upper in SECRET_ENV or (upper.startswith("INTERHUMAN")
                                   and any(m in upper for m in SECRET_ENV_MARKERS))


def remove_stale_workdirs(root: Path | None = None, grace: float = 300.0) -> int:
    """Delete ``ih-engine-*`` folders no live process holds (a killed parent left them).

    A folder without a lock file is left alone for ``grace`` seconds (it may be being made).
    """
    removed = 0
    for folder in Path(root or tempfile.gettempdir()).glob(f"{WORKDIR_PREFIX}*"):
        if not folder.is_dir() or in_use(folder):
            continue
        if not (folder / LOCK_NAME).exists() and time.time() - folder.stat().st_mtime < grace:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += not folder.exists()
    return removed


def engine_command(args: Sequence[str]) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, "engine", *args]
    return [sys.executable, "-m", "interhuman_desktop", "engine", *args]


def start_engine(
    *,
    api_keys: list[str] | None = None,
    key_pairs: Sequence[str] = (),
    analyzer: str = "cues",
    faults: Sequence[str] = (),
    extra_args: Sequence[str] = (),
    ready_timeout: float = 30.0,
) -> EngineProcess:
    """Launch ``interhuman-desktop engine --port 0`` and wait for a healthy ``/healthz``."""
    keys = list(api_keys) if api_keys is not None else [secrets.token_urlsafe(24)]
    remove_stale_workdirs()
    workdir = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX))
    lock = FolderLock(workdir).acquire()  # "in use" for other processes' stale clean-up
    port_file = workdir / "port"
    args = ["--port", "0", "--port-file", str(port_file), "--analyzer", analyzer,
            "--parent-pid", str(os.getpid())]
    for pair in key_pairs:
        args += ["--key-pair", pair]
    for fault in faults:
        args += ["--fault", fault]
    args += list(extra_args)
    env = {**child_environment(os.environ), KEYS_ENV: ",".join(keys)}
    for name in ("TMPDIR", "TEMP", "TMP"):  # its uploads' temporary files go with the folder
        env[name] = str(workdir)
    if not getattr(sys, "frozen", False):  # make the package importable from any cwd
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    stderr = open(workdir / "stderr.log", "wb")  # noqa: SIM115 - owned by the child
    try:
        proc = subprocess.Popen(
            engine_command(args), env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=stderr,
        )
    finally:
        stderr.close()
    engine = EngineProcess(proc, 0, keys[0] if keys else "", workdir)
    engine._lock = lock
    atexit.register(engine.stop)  # the folder goes at exit even if nobody stopped it
    try:
        engine.port = _wait_for_port(engine, port_file, ready_timeout)
        _wait_for_health(engine, ready_timeout)
    except BaseException:
        engine.kill()
        raise
    return engine


def _fail(engine: EngineProcess, why: str) -> EngineStartError:
    return EngineStartError(f"{why}\n--- engine stderr (tail) ---\n{engine.stderr_tail()}")


def _wait_for_port(engine: EngineProcess, port_file: Path, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if engine.proc.poll() is not None:
            raise _fail(engine, f"the engine exited with code {engine.proc.returncode}")
        try:
            text = port_file.read_text().strip()
            if text:
                return int(text)
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    raise _fail(engine, f"the engine did not report its port within {timeout:.0f} s")


def _wait_for_health(engine: EngineProcess, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    url = engine.base_url + "/healthz"
    while time.monotonic() < deadline:
        if engine.proc.poll() is not None:
            raise _fail(engine, f"the engine exited with code {engine.proc.returncode}")
        try:
            with _NO_PROXY.open(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise _fail(engine, f"the engine was not healthy within {timeout:.0f} s")
