"""The views take what they show from the AppError tree (user_message), never by guessing with
an attribute lookup: a capture failure reads as its own text, a service error with its id."""

from __future__ import annotations

from waiting import until

from interhuman_desktop.api.errors import AuthError
from interhuman_desktop.capture.types import DeviceUnavailableError
from interhuman_desktop.ui.views.analyze_text import error_details
from interhuman_desktop.ui.views.live import LiveView


class NotInTheTree(Exception):
    def user_message(self) -> str:
        return "guessed from an attribute"


def test_error_details_use_the_tree() -> None:
    auth = AuthError("Invalid key", status=401, error_id="ih2001")
    assert error_details(auth)[0] == auth.user_message()
    assert "Check the API key" in error_details(auth)[0]
    assert error_details(NotInTheTree("plain text"))[0] == "plain text"


def test_a_capture_error_reaches_the_live_view_as_its_own_text(qtbot, qasync_loop) -> None:
    from interhuman_desktop.ui.views.live_controller import LiveController

    text = "camera 0 is busy: close the other app using it, then press Start again"

    async def busy(_request):
        raise DeviceUnavailableError(text)

    async def guessed(_request):
        raise NotInTheTree("not in the tree")

    view = LiveView()
    qtbot.addWidget(view)
    controller = LiveController(view, busy)
    failures: list[str] = []
    controller.failed.connect(failures.append)

    async def scenario() -> None:
        view.empty.button.click()
        await until(lambda: failures, what="the start failure")
        controller.factory = guessed
        await until(lambda: view.empty.button.isEnabled(), what="start usable again")
        view.empty.button.click()
        await until(lambda: len(failures) == 2, what="the second failure")

    qasync_loop.run_until_complete(scenario())
    assert failures == [text, "not in the tree"]
    assert view.empty.note.text().endswith("not in the tree")
