"""One running instance per data folder (QLocalServer): a second launch hands over to the
first, which comes to the front. Never two notifiers on one database."""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 1000


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"followup-desktop-{getpass.getuser()}-{digest}"


def hand_over(data_dir: Path, message: bytes = b"raise") -> bool:
    """True if another instance is running for ``data_dir`` and took the message."""
    sock = QLocalSocket()
    sock.connectToServer(server_name(data_dir))
    if not sock.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    sock.write(message + b"\n")
    sock.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    sock.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches; ``raiseRequested`` when one arrives."""

    raiseRequested = Signal()

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.name = server_name(data_dir)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(self.name):
            QLocalServer.removeServer(self.name)  # a stale socket from a crash
            if not self.server.listen(self.name):
                raise RuntimeError(f"cannot listen on {self.name}: {self.server.errorString()}")
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(sock.deleteLater)

    def _read(self, sock: QLocalSocket) -> None:
        data = bytes(sock.readAll().data())
        if b"raise" in data:
            self.raiseRequested.emit()

    def close(self) -> None:
        self.server.close()
