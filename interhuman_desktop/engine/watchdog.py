"""Stop the engine when the app that started it is gone.

A child engine must not outlive its parent: if the app crashes or is killed, the engine would
otherwise keep a port and a CPU busy forever. A daemon thread checks every second whether the
parent process still exists and, when it does not, asks the server to exit.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def watch_parent(pid: int, on_gone: Callable[[], None], interval: float = 1.0) -> threading.Thread:
    """Call ``on_gone`` (once) when process ``pid`` no longer exists or we were re-parented."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            if not process_alive(pid) or os.getppid() != pid:
                log.warning("the parent process %d is gone; stopping the engine", pid)
                on_gone()
                return

    thread = threading.Thread(target=loop, name="parent-watchdog", daemon=True)
    thread.start()
    return thread
