"""A child engine exits by itself when the process that started it dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from interhuman_desktop.engine.watchdog import process_alive

PARENT = textwrap.dedent("""
    import sys, time
    from interhuman_desktop.engine.child import start_engine
    engine = start_engine(ready_timeout=120)  # a loaded machine starts slowly
    print(engine.pid, flush=True)
    time.sleep(600)
""")


def test_engine_child_stops_when_its_parent_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    try:
        child_pid = int(parent.stdout.readline())
        assert process_alive(child_pid)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(60)
        deadline = time.monotonic() + 60  # a bound for a hang: the watchdog polls
        while time.monotonic() < deadline and _running(child_pid):
            time.sleep(0.2)
        assert not _running(child_pid), "the orphaned engine kept running"
    finally:
        if parent.poll() is None:
            parent.kill()


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie is reaped by init, maybe not at once)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
