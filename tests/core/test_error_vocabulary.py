"""One error vocabulary: every ``ih…`` id in the code is an ErrorId member, no literal is left
outside core/error_ids.py, the boundary errors hang under AppError, and the goal dimensions
come from the SDK's GoalDimension only."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from interhumanai import GoalDimension

from interhuman_desktop.api.errors import from_sdk
from interhuman_desktop.capture.types import CaptureError, DeviceUnavailableError
from interhuman_desktop.core.error_ids import ErrorId, is_auth_id, is_error_id
from interhuman_desktop.core.errors import AppError, user_message
from interhuman_desktop.core.quality import DIMENSIONS
from interhuman_desktop.encode.fit import FitError
from interhuman_desktop.engine.errors import CATALOGUE, EngineError
from interhuman_desktop.engine.media import MediaError

PACKAGE = Path(__file__).resolve().parents[2] / "interhuman_desktop"
VOCABULARY = PACKAGE / "core" / "error_ids.py"
ID = re.compile(r"\bih\d{4}\b")
QUOTED_ID = re.compile(r"""(?<!`)["']ih\d{4}["']""")


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p != VOCABULARY)


def test_every_id_mentioned_in_the_code_is_an_error_id_member() -> None:
    members = {m.value for m in ErrorId}
    mentioned = {(m, p.relative_to(PACKAGE).as_posix())
                 for p in _sources() for m in ID.findall(p.read_text(encoding="utf-8"))}
    assert len(mentioned) > 20  # the grep finds the ids in docstrings and messages
    assert sorted(x for x in mentioned if x[0] not in members) == []


def test_no_quoted_id_literal_outside_the_vocabulary() -> None:
    offenders = [f"{p.relative_to(PACKAGE)}:{n}: {line.strip()}"
                 for p in _sources()
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if QUOTED_ID.search(line)]
    assert offenders == []


def test_each_member_is_unique_and_has_a_one_line_meaning() -> None:
    lines = [ln for ln in VOCABULARY.read_text().splitlines() if re.search(r'= "ih\d{4}"', ln)]
    assert len(lines) == len(ErrorId) == len({m.value for m in ErrorId})
    assert all("#" in ln and len(ln.split("#", 1)[1].strip()) > 10 for ln in lines)


def test_the_engine_catalogue_and_media_errors_speak_the_vocabulary() -> None:
    assert all(isinstance(key, ErrorId) for key in CATALOGUE)
    err = MediaError(ErrorId.CORRUPTED_VIDEO, "unreadable")
    assert isinstance(err, EngineError)  # one engine tree: any EngineError handler takes it
    assert (err.code, err.error_id, err.status) == ("ih5002", "ih5002", 422)
    assert str(err) == "ih5002: unreadable" and err.message == "unreadable"


def test_id_families() -> None:
    assert is_auth_id(ErrorId.INSUFFICIENT_SCOPE) and not is_auth_id("ih3003")
    assert is_error_id("ih5004") and not is_error_id("connection lost") and not is_error_id(None)


@pytest.mark.parametrize("exc", [CaptureError("camera 0 is busy; close the other app"),
                                 DeviceUnavailableError("no PortAudio; install it"),
                                 FitError("The file has no video track.")])
def test_capture_and_fit_errors_are_app_errors_that_speak_for_themselves(exc) -> None:
    assert isinstance(exc, AppError)
    assert exc.user_message() == user_message(exc) == str(exc)  # their text says what to do


def test_user_message_asks_the_tree_not_the_attribute() -> None:
    class LooksLikeOne(Exception):
        def user_message(self) -> str:
            return "guessed"

    assert user_message(LooksLikeOne("plain")) == "plain"
    assert user_message(AppError("Broke")).startswith("Broke. Try again")


def test_an_unexpected_exception_is_logged_at_error_with_its_traceback(caplog) -> None:
    def buggy() -> None:
        raise KeyError("a bug")

    with caplog.at_level(logging.DEBUG, logger="interhuman_desktop.api.errors"):
        try:
            buggy()
        except KeyError as exc:
            err = from_sdk(exc)
    assert type(err) is AppError and "KeyError" in str(err)
    [record] = [r for r in caplog.records if r.name == "interhuman_desktop.api.errors"]
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert "buggy" in caplog.text  # the traceback is in the log


def test_goal_dimensions_come_from_the_sdk_only() -> None:
    assert tuple(d.value for d in GoalDimension) == DIMENSIONS
    copies = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
              if '"clarity", "authority"' in p.read_text(encoding="utf-8")]
    assert copies == []
