"""Which of the Library's buttons the selection allows, and why not (their tooltips).

Open in Review and Rename act on exactly one entry; Re-analyse on every selected entry that
still has its recording; Delete on every selected entry. Called whenever the selection or the
entries shown change (a search, a filter, a refresh, a delete), so no button outlives the rows
it was enabled for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QPushButton

from interhuman_desktop.storage.library import Entry


def each(emit: Callable[..., object], entries: list[Entry], *args: Any) -> None:
    """``emit(entry, *args)`` for every entry (a request per selected entry)."""
    for entry in entries:
        emit(entry, *args)


def _one(button: QPushButton, chosen: list[Entry], does: str) -> None:
    """A one-entry action: enabled for exactly one, the tooltip says why not otherwise."""
    button.setEnabled(len(chosen) == 1)
    if len(chosen) == 1:
        button.setToolTip(f"{does.capitalize()} “{chosen[0].title}”")
    elif chosen:
        button.setToolTip(f"{len(chosen)} entries are selected: select only one to {does}")
    else:
        button.setToolTip(f"Select an entry to {does}")


def _plural(n: int) -> str:
    return f"{n} entr{'y' if n == 1 else 'ies'}"


def update_buttons(open_button: QPushButton, rename_button: QPushButton,
                   reanalyse_button: QPushButton, delete_button: QPushButton,
                   chosen: list[Entry]) -> None:
    """Enable and explain each button for the ``chosen`` (selected) entries."""
    _one(open_button, chosen, "open it in Review")
    _one(rename_button, chosen, "rename it")
    with_media = [e for e in chosen if e.media is not None]
    reanalyse_button.setEnabled(bool(with_media))
    if not chosen:
        reanalyse_button.setToolTip("Select the recordings to analyse again")
    elif not with_media:
        reanalyse_button.setToolTip("The selected entries have no recording to analyse again")
    else:
        left = len(chosen) - len(with_media)
        reanalyse_button.setToolTip(
            f"Analyse {_plural(len(with_media))} again (other goals or backend)"
            + (f"; {_plural(left)} without a recording stay as they are" if left else ""))
    delete_button.setEnabled(bool(chosen))
    its = "its" if len(chosen) == 1 else "their"
    delete_button.setToolTip(f"Delete {_plural(len(chosen))} and {its} media" if chosen
                             else "Select the entries to delete")
