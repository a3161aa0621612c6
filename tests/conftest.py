"""Suite-wide setup: Qt offscreen, ``tests/`` importable (``media_factory``), engine fixtures."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS_DIR = Path(__file__).resolve().parent
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))


@pytest.fixture(autouse=True, scope="session")
def _private_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The app's data/config/log folders in a temporary folder: the suite never writes into
    the user's real ones (tests that need their own set INTERHUMAN_DESKTOP_HOME themselves)."""
    name = "INTERHUMAN_DESKTOP_HOME"
    before = os.environ.get(name)
    os.environ.setdefault(name, str(tmp_path_factory.mktemp("home")))
    yield
    if before is None:
        os.environ.pop(name, None)


@pytest.fixture(autouse=True, scope="session")
def _gc_on_main_thread() -> Iterator[None]:
    """As the app does (``ui.gui_gc``): no automatic cyclic collection, which would run in
    whatever thread allocates and free Qt objects there (a segfault later); each test's
    garbage is collected on the main thread when it ends (``_collect_garbage``)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    yield
    if enabled:
        gc.enable()


@pytest.fixture(autouse=True)
def _collect_garbage() -> Iterator[None]:
    """CPython's thresholds, checked on the main thread after every test."""
    yield
    from interhuman_desktop.ui.gui_gc import collect_due

    collect_due()


@pytest.fixture
def qasync_loop(qapp):
    """The app's loop (qasync over Qt) for tests that drive real async services, with the
    app's GUI-thread collector; the closed loop (and the test's Qt garbage) is freed here,
    on the main thread."""
    import asyncio

    import qasync

    from interhuman_desktop.ui.gui_gc import GuiCollector

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    collector = GuiCollector()
    collector.start()
    yield loop
    loop.close()
    asyncio.set_event_loop(None)
    collector.stop()  # a full collection here, on the main thread


@pytest.fixture(scope="module")
def engine() -> Iterator[Any]:
    """The real local engine as a child process on a free loopback port (cue analyser)."""
    from waiting import ENGINE_READY_S

    from interhuman_desktop.engine.child import start_engine

    with start_engine(ready_timeout=ENGINE_READY_S) as started:
        yield started


@pytest.fixture
def engine_factory() -> Iterator[Callable[..., Any]]:
    """Start engines with options (faults, keys, analyser); all are stopped after the test."""
    from waiting import ENGINE_READY_S

    from interhuman_desktop.engine.child import start_engine

    started: list[Any] = []

    def factory(**kwargs: Any) -> Any:
        started.append(start_engine(**{"ready_timeout": ENGINE_READY_S, **kwargs}))
        return started[-1]

    yield factory
    for engine in started:
        engine.stop(timeout=60)


@pytest.fixture(autouse=True)
def _dev_null_survives() -> Iterator[None]:
    """Fail the test that removes or replaces ``/dev/null`` (a root CI run once lost it)."""
    yield
    import stat

    mode = os.stat(os.devnull).st_mode if os.path.exists(os.devnull) else 0
    assert stat.S_ISCHR(mode), f"{os.devnull} is no longer a character device"
