"""ui/tasks.TaskKeeper: failures reported, finished tasks released, cancel on close."""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
import weakref

from waiting import until

from interhuman_desktop.ui.tasks import TaskKeeper
from interhuman_desktop.ui.views.library import LibraryView
from interhuman_desktop.ui.views.library_controller import LibraryController


def test_a_failing_task_is_logged_with_its_traceback_and_reported(caplog) -> None:
    reported: list[BaseException] = []
    keeper = TaskKeeper("test view", on_error=reported.append)

    async def boom() -> None:
        await asyncio.sleep(0)
        raise ValueError("the disk is full")

    async def scenario() -> None:
        keeper.spawn(boom(), name="boom")
        await until(lambda: reported, 30, "the report")

    with caplog.at_level(logging.ERROR, logger="interhuman_desktop.ui.tasks"):
        asyncio.run(scenario())
    assert [str(e) for e in reported] == ["the disk is full"]
    record = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert "boom" in record.getMessage() and record.exc_info is not None
    assert record.exc_info[1] is reported[0] and not keeper.pending


def test_a_task_is_kept_while_running_and_released_when_done() -> None:
    keeper = TaskKeeper("test view")
    release = None
    ref: weakref.ref | None = None

    finished: list[str] = []

    async def work() -> None:
        await release.wait()
        finished.append("done")

    async def scenario() -> None:
        nonlocal release, ref
        release = asyncio.Event()
        ref = weakref.ref(keeper.spawn(work()))
        gc.collect()
        assert ref() is not None and len(keeper.pending) == 1  # held by the keeper
        release.set()
        await keeper.wait()
        assert not keeper.pending and finished == ["done"]
        gc.collect()
        assert ref() is None  # nothing keeps a finished task alive

    asyncio.run(scenario())


def test_aclose_cancels_what_is_still_running_without_reporting_it() -> None:
    reported: list[BaseException] = []
    keeper = TaskKeeper("test view", on_error=reported.append)
    cleaned: list[str] = []

    async def forever() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            cleaned.append("cleaned up")

    async def scenario() -> asyncio.Task:
        task = keeper.spawn(forever())
        await asyncio.sleep(0)
        await keeper.aclose()
        return task

    task = asyncio.run(scenario())
    assert task.cancelled() and cleaned == ["cleaned up"]
    assert reported == [] and not keeper.pending


def test_without_a_loop_the_coroutine_is_closed_not_leaked(caplog) -> None:
    keeper = TaskKeeper("test view")

    async def work() -> None:
        raise AssertionError("never runs")

    coro = work()
    with caplog.at_level(logging.WARNING, logger="interhuman_desktop.ui.tasks"):
        assert keeper.spawn(coro) is None
    assert inspect.getcoroutinestate(coro) == inspect.CORO_CLOSED
    assert "no running event loop" in caplog.text


def test_a_broken_error_hook_is_logged_too(caplog) -> None:
    def hook(_exc: BaseException) -> None:
        raise RuntimeError("the hook broke")

    keeper = TaskKeeper("test view", on_error=hook)

    async def boom() -> None:
        raise ValueError("first failure")

    async def scenario() -> None:
        keeper.spawn(boom())
        await until(lambda: "the error hook failed" in caplog.text, 30, "the hook's log")

    with caplog.at_level(logging.ERROR, logger="interhuman_desktop.ui.tasks"):
        asyncio.run(scenario())
    assert "first failure" in caplog.text


def test_a_failed_library_call_is_shown_in_the_library_view(qtbot, qasync_loop, tmp_path) -> None:
    from interhuman_desktop.storage.library import AsyncLibrary

    view = LibraryView()
    qtbot.addWidget(view)
    controller = LibraryController(view, AsyncLibrary(tmp_path / "lib"))
    shown: list[str] = []
    view.show_error = shown.append

    async def scenario() -> None:
        await controller.refresh()
        controller._spawn(controller._change(None, "no_such_method", 1))  # a bug, in words
        await controller.wait()
        await controller.aclose()

    qasync_loop.run_until_complete(scenario())
    assert any(text.startswith("The library could not do that") for text in shown)
