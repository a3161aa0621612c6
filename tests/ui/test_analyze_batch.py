"""A dropped folder in the Analyze view: one queue, cards, counts + ETA, resumed at start-up."""

from __future__ import annotations

from pathlib import Path

from batch_helpers import clip, corrupt, library_rows
from interhumanai import InterhumanClient
from PySide6.QtCore import QMimeData, QUrl
from waiting import until

from interhuman_desktop.session.file_analysis import JobState
from interhuman_desktop.storage.batch_store import DB_NAME, BatchStore
from interhuman_desktop.storage.library import AsyncLibrary
from interhuman_desktop.ui.views.analyze import AnalyzeView
from interhuman_desktop.ui.views.analyze_controller import AnalyzeController


def _controller(qtbot, engine, library: AsyncLibrary) -> tuple[AnalyzeView, AnalyzeController]:
    client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)

    async def provider() -> InterhumanClient:
        return client

    view = AnalyzeView()
    qtbot.addWidget(view)
    controller = AnalyzeController(view, provider)
    controller.enable_batches(library)
    return view, controller


def test_a_dropped_folder_is_a_batch_on_the_one_queue(qtbot, qasync_loop, engine,
                                                      tmp_path) -> None:
    folder = tmp_path / "calls"
    good = [clip(folder / f"call{i}.mp4", i) for i in range(2)]
    broken = corrupt(folder / "broken.mp4")
    single = clip(tmp_path / "single.mp4", 5)
    library = AsyncLibrary(tmp_path / "lib")
    view, controller = _controller(qtbot, engine, library)
    analysed: list[Path] = []
    controller.analysed.connect(lambda job: analysed.append(job.path))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(single))])

    async def scenario() -> None:
        assert view.drop_zone.accept_mime(mime) == [single, folder]
        await until(lambda: len(controller.jobs) == 4, 120, "the folder's files queued")
        await controller.wait()

    qasync_loop.run_until_complete(scenario())
    assert set(view.cards) == {single, *(p.resolve() for p in (*good, broken))}
    assert controller.jobs[broken.resolve()].state == JobState.REFUSED
    assert view.card(good[0].resolve()).status.text().startswith("Analysed")
    assert view.batch_progress.text() == "Folder: 3/3 files · 2 analysed, 1 refused"
    assert analysed == [single]  # the single file is saved by the window; the batch saved its own
    assert sorted(Path(s).name for s, _ in library_rows(tmp_path / "lib")) == [
        "call0.mp4", "call1.mp4"]
    library.close()


def test_an_unfinished_batch_is_resumed_at_start_up(qtbot, qasync_loop, engine,
                                                    tmp_path) -> None:
    folder = tmp_path / "calls"
    clip(folder / "a.mp4", 0)
    clip(folder / "b.mp4", 1)
    root = tmp_path / "lib"
    library = AsyncLibrary(root)
    store = BatchStore(root / DB_NAME)  # what a killed app left: a batch begun, not finished
    batch, _ = store.open_batch(folder, False, "gui")
    store.open_batch(tmp_path, False, "cli")  # the CLI's unfinished batches are its own
    store.close()
    view, controller = _controller(qtbot, engine, library)

    async def scenario() -> None:
        controller.resume_batches()
        await until(lambda: len(controller.jobs) == 2, 120, "the batch resumed")
        await controller.wait()

    qasync_loop.run_until_complete(scenario())
    assert len(library_rows(root)) == 2 and len(view.cards) == 2
    store = BatchStore(root / DB_NAME)
    assert store.unfinished("gui") == [] and len(store.unfinished("cli")) == 1
    assert {f.state for f in store.files(batch)} == {"done"}
    store.close()
    library.close()


def test_a_folder_dropped_on_the_window_lands_in_the_library_view(qtbot, qasync_loop, engine,
                                                                   tmp_path, qsettings) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDropEvent

    from interhuman_desktop.config.settings import AppSettings, MemorySettingsStore
    from interhuman_desktop.ui.main_window import MainWindow

    folder = tmp_path / "calls"
    clip(folder / "a.mp4", 0)
    clip(folder / "b.mp4", 1)
    client = InterhumanClient(access_token=engine.api_key, base_url=engine.base_url)

    async def provider() -> InterhumanClient:
        return client

    window = MainWindow(MemorySettingsStore(AppSettings()), qsettings=qsettings,
                        client_provider=provider, library=AsyncLibrary(tmp_path / "lib"))
    qtbot.addWidget(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])

    async def scenario() -> None:
        window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
        assert window.current_view_name() == "Analyze"
        await until(lambda: len(window.analysis.jobs) == 2, 120, "the batch queued")
        await window.analysis.wait()
        await window.library_ctl.wait()
        assert sorted(e.title for e in window.library.entries) == ["a", "b"]
        await window.aclose()

    qasync_loop.run_until_complete(scenario())
