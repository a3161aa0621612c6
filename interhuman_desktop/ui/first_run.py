"""First run: a short welcome, and the camera/microphone permission where the OS asks for it."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

WELCOME = (
    "<h3>Welcome to Interhuman Desktop</h3>"
    "<p>It analyses video of a person talking: social signals such as agreement, confidence "
    "or hesitation (each with the evidence it is based on), engagement, and a conversation "
    "quality index. Drop a recording on the window, or start a live session.</p>"
    "<p><b>Analysis runs on this computer</b> with the built-in local engine, unless you add "
    "an Interhuman API key in Settings. <b>Recordings stay on this computer</b>, in your "
    "library, until you delete them.</p>"
    "<p>Signals describe observed behaviour, not what someone feels.</p>")

PERMISSION_HELP = {
    "camera": "Allow camera access for Interhuman Desktop (macOS: System Settings → Privacy & "
              "Security → Camera; Windows: Settings → Privacy → Camera), then press Start again.",
    "microphone": "Allow microphone access for Interhuman Desktop (macOS: System Settings → "
                  "Privacy & Security → Microphone; Windows: Settings → Privacy → Microphone), "
                  "then press Start again.",
}


def show_welcome_once(parent: QWidget, store: Any) -> QMessageBox | None:
    """A non-modal welcome the first time the app starts; remembered once shown."""
    settings = store.load()
    if settings.welcome_seen:
        return None
    box = QMessageBox(QMessageBox.Icon.Information, "Welcome", WELCOME,
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setAccessibleName("Welcome")
    box.open()
    store.save(replace(settings, welcome_seen=True))
    return box


async def ensure_permission(kind: str) -> str | None:
    """Ask for camera or microphone access through Qt's permission API where the platform has
    one; returns None when granted, else what to do (Linux has no such prompt: granted)."""
    from PySide6.QtCore import QCameraPermission, QMicrophonePermission

    app = QCoreApplication.instance()
    if app is None:
        return None
    permission = QCameraPermission() if kind == "camera" else QMicrophonePermission()
    status = app.checkPermission(permission)
    if status == Qt.PermissionStatus.Undetermined:
        answered: asyncio.Future[Qt.PermissionStatus] = asyncio.get_running_loop().create_future()
        app.requestPermission(permission, lambda p: answered.done() or answered.set_result(
            app.checkPermission(p)))
        status = await asyncio.wait_for(answered, 120)
    if status == Qt.PermissionStatus.Granted:
        return None
    log.warning("%s permission refused", kind)
    return PERMISSION_HELP[kind]
