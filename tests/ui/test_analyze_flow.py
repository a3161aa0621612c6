"""Analyze without a backend: pre-flight cards, "Make it fit", cancel, and errors in words."""

from __future__ import annotations

from media_factory import make_clip
from PySide6.QtGui import QGuiApplication
from waiting import until

from interhuman_desktop.api.errors import AppError, RequestRejectedError
from interhuman_desktop.session.file_analysis import JobState
from interhuman_desktop.ui.views.analyze import AnalyzeView
from interhuman_desktop.ui.views.analyze_controller import AnalyzeController
from interhuman_desktop.ui.views.analyze_text import DOCS_LINK, error_details


async def _no_backend():
    raise AppError("The analysis backend is not reachable")


def _controller(qtbot) -> tuple[AnalyzeView, AnalyzeController]:
    view = AnalyzeView()
    qtbot.addWidget(view)
    return view, AnalyzeController(view, _no_backend)


def test_cards_show_the_verdicts_and_make_it_fit_continues(qtbot, qasync_loop, tmp_path) -> None:
    good = make_clip(tmp_path / "good.mp4", seconds=4)
    odd = make_clip(tmp_path / "odd.flv", seconds=4)  # a container the service refuses
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video at all" * 1000)
    view, controller = _controller(qtbot)
    view.goal_boxes["rapport"].setChecked(True)
    view.context_edit.setText("a job interview")

    async def scenario() -> None:
        view.add_files([good, odd, broken])
        fit_job = controller.jobs[odd]
        await until(lambda: fit_job.state == JobState.NEEDS_FIT
                    and controller.jobs[broken].state == JobState.REFUSED
                    and controller.jobs[good].state == JobState.FAILED, what="the three verdicts")
        controller._flush()
        assert view.card(good).verdict_kind == "ok"
        assert "mp4" in view.card(good).facts.text() and "audio" in view.card(good).facts.text()
        assert view.card(broken).verdict_kind == "refuse"
        assert "could not be read" in view.card(broken).verdict.text()
        card = view.card(odd)
        assert card.verdict_kind == "fit" and card.visible_actions() == ["fit", "remove"]
        assert "Make it fit" in card.verdict.text()
        card.buttons["fit"].click()  # continues: here the backend is unreachable
        await controller.wait()
        assert fit_job.state == JobState.FAILED

    qasync_loop.run_until_complete(scenario())
    job = controller.jobs[good]
    assert job.request.goal_dimensions == ("rapport",)
    assert job.request.conversation_context == "a job interview"
    card = view.card(odd)
    assert "not reachable" in card.status.text() and "copy" in card.visible_actions()
    card.buttons["copy"].click()
    assert "not reachable" in QGuiApplication.clipboard().text()


def test_cancel_while_waiting_for_make_it_fit(qtbot, qasync_loop, tmp_path) -> None:
    odd = make_clip(tmp_path / "odd.flv", seconds=4)
    view, controller = _controller(qtbot)

    async def scenario() -> None:
        view.add_files([odd])
        await until(lambda: controller.jobs[odd].state == JobState.NEEDS_FIT, what="the verdict")
        controller._flush()
        view.card(odd).set_status("Uploading… 40%", 0.4)  # the bar shows real progress
        assert view.card(odd).bar.value() == 400
        view.set_status(odd, "Uploading… 40%", 0.4)
        view.card(odd).buttons["cancel"].click()
        await controller.wait()

    qasync_loop.run_until_complete(scenario())
    assert controller.jobs[odd].state == JobState.CANCELLED
    assert view.card(odd).status.text() == "Cancelled"


def test_service_errors_carry_the_correlation_id_and_docs_link() -> None:
    error = RequestRejectedError("File too large", status=413, error_id="ih4013",
                                 correlation_id="corr-123")
    message, details = error_details(error)
    assert "File too large" in message and "fix the file" in message
    assert "Correlation id: corr-123" in details and DOCS_LINK in details
