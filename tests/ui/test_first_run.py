"""First run: the welcome shows once; permissions are granted where the OS has no prompt."""

import asyncio

from interhuman_desktop.config.settings import MemorySettingsStore
from interhuman_desktop.ui.first_run import ensure_permission, show_welcome_once


def test_welcome_shows_once_and_says_analysis_is_local(qtbot, qapp) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    store = MemorySettingsStore()
    box = show_welcome_once(parent, store)
    assert box is not None and "on this computer" in box.text()
    box.close()
    assert store.load().welcome_seen
    assert show_welcome_once(parent, store) is None


def test_linux_grants_camera_and_microphone_without_a_prompt(qapp) -> None:
    async def both():
        return [await ensure_permission("camera"), await ensure_permission("microphone")]

    assert asyncio.run(both()) == [None, None]
