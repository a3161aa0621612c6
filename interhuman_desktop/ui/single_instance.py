"""One running app per user: a second launch hands its files to the first and exits.

The first instance listens on a QLocalServer; a later launch connects, sends the files it was
given as one JSON line, and quits. An empty list just brings the running window to the front.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)


def server_name() -> str:
    """Per user, and per data home (so tests and portable installs do not meet each other)."""
    home = os.environ.get("INTERHUMAN_DESKTOP_HOME", "")
    suffix = hashlib.sha1(home.encode()).hexdigest()[:8] if home else "default"
    return f"interhuman-desktop-{getpass.getuser()}-{suffix}"


def hand_off(files: list[Path], name: str | None = None, timeout_ms: int = 1000) -> bool:
    """True when a running instance took ``files`` (this launch should then exit)."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(timeout_ms):
        return False
    payload = json.dumps([str(Path(f).resolve()) for f in files]) + "\n"
    socket.write(payload.encode())
    ok = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return ok


class SingleInstance(QObject):
    """The first instance's listener; ``filesReceived`` carries what later launches sent."""

    filesReceived = Signal(list)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        QLocalServer.removeServer(self.name)  # a stale socket left by a crash
        if not self._server.listen(self.name):
            log.warning("single-instance listener failed: %s", self._server.errorString())
            return False
        return True

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(self._read_sender)

    def _read_sender(self) -> None:
        socket = self.sender()
        if not isinstance(socket, QLocalSocket) or not socket.canReadLine():
            return
        line = bytes(socket.readLine()).decode(errors="replace")
        socket.readyRead.disconnect(self._read_sender)
        socket.deleteLater()
        try:
            files = [Path(p) for p in json.loads(line)]
        except (ValueError, TypeError):
            log.warning("ignoring a malformed hand-off from another launch")
            return
        self.filesReceived.emit(files)
