"""The composition root's helpers and the ``gui`` subcommand (without starting the loop)."""

from __future__ import annotations

import logging
import sys

from interhuman_desktop import app, cli


def test_gui_subcommand_is_registered_and_default() -> None:
    args = cli.build_parser().parse_args(["gui", "--theme", "dark"])
    assert args.command == "gui" and args.theme == "dark"


def test_logging_goes_to_a_rotating_file(tmp_path) -> None:
    path = app.setup_logging(tmp_path / "logs" / "interhuman.log")
    try:
        logging.getLogger("interhuman_desktop.test").info("hello log")
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert "hello log" in path.read_text()
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers
                        if getattr(h, "baseFilename", "") == str(path)]:
            root.removeHandler(handler)
            handler.close()


def test_excepthook_logs_instead_of_dying(caplog, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app.install_excepthook(show=False)
    try:
        raise ValueError("boom")
    except ValueError:
        with caplog.at_level(logging.ERROR):
            sys.excepthook(*sys.exc_info())
    assert "uncaught exception" in caplog.text and "boom" in caplog.text


def test_errors_in_asyncio_tasks_are_logged_not_fatal(caplog) -> None:
    import asyncio

    from interhuman_desktop.app import install_loop_exception_handler

    async def broken() -> None:
        raise ValueError("boom in a task")

    async def scenario() -> None:
        install_loop_exception_handler(asyncio.get_running_loop(), show=False)
        task = asyncio.get_running_loop().create_task(broken())
        await asyncio.wait({task})
        asyncio.get_running_loop().call_exception_handler(
            {"message": "Task exception was never retrieved", "exception": task.exception()})

    asyncio.run(scenario())
    assert "boom in a task" in caplog.text


def test_self_test_opens_and_paints_the_main_window() -> None:
    from interhuman_desktop.ui.selftest import open_main_window_for_self_test

    assert open_main_window_for_self_test() is True
