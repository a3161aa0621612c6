"""The one way views start asyncio work: ``TaskKeeper.spawn``.

The event loop keeps only weak references to its tasks, so a task nobody holds can vanish
mid-flight, and an exception in a task nobody awaits is only noticed (if ever) when the task
is collected. A :class:`TaskKeeper` holds every task it spawned until it is done, logs a
failure at ERROR with its traceback and hands the exception to ``on_error`` (the view shows
it in its own words), and ``aclose()`` cancels what is still running when the view closes.
Without a running loop (scripts, some tests) ``spawn`` closes the coroutine and returns None.
No Qt here: the views' loop is qasync's, on the GUI thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
ErrorHook = Callable[[BaseException], None]


def running_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop, or None outside one."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class TaskKeeper:
    """Spawns and keeps the tasks of one owner (a view or controller)."""

    def __init__(self, owner: str, on_error: ErrorHook | None = None) -> None:
        self.owner = owner
        self.on_error = on_error
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def pending(self) -> frozenset[asyncio.Task[Any]]:
        """The tasks not done yet."""
        return frozenset(self._tasks)

    def spawn(self, coro: Coroutine[Any, Any, T], *,
              name: str | None = None) -> asyncio.Task[T] | None:
        """Run ``coro`` as a task on the running loop, kept until done; None without a loop."""
        loop = running_loop()
        if loop is None:
            log.warning("%s: no running event loop, %s ignored", self.owner,
                        getattr(coro, "__qualname__", coro))
            coro.close()
            return None
        task = loop.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    async def wait(self) -> None:
        """Until every task (including ones spawned meanwhile) is done."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def aclose(self, grace: float | None = 5.0) -> None:
        """Cancel the tasks still running and wait (bounded) for them to end."""
        tasks = set(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            _done, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:
                log.warning("%s: task %s ignored its cancellation", self.owner, task.get_name())

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            return
        log.error("%s: task %s failed", self.owner, task.get_name(),
                  exc_info=(type(exc), exc, exc.__traceback__))
        if self.on_error is not None:
            try:
                self.on_error(exc)
            except Exception:  # the hook's own failure must not go unseen either
                log.exception("%s: the error hook failed", self.owner)
