"""One running instance per data folder (QLocalServer): a second launch hands over to the
first, which comes to the front. Never two notifiers on one database."""

from __future__ import annotations

import getpass
import hashlib
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 1000
#: A Unix socket's whole path must fit in sockaddr_un.sun_path: 108 bytes on Linux, 104 on
#: macOS, with the closing NUL. Longer, and listen() fails with "Name error".
MAX_SOCKET_PATH = 103


def server_name(data_dir: Path) -> str:
    """The socket for ``data_dir``: a full path in the user's runtime dir (private, emptied
    at logout) or else the temp dir, whichever keeps the path short enough. Qt alone would
    put a bare name in the temp dir, and a long TMPDIR kept the app from starting at all."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    name = f"followup-desktop-{getpass.getuser()}-{digest}"
    if sys.platform == "win32":  # a named pipe: no path, no length limit that matters
        return name
    for folder in (os.environ.get("XDG_RUNTIME_DIR"), tempfile.gettempdir(), "/tmp"):
        if not folder or not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            continue
        path = os.path.join(folder, name)
        if len(os.fsencode(path)) <= MAX_SOCKET_PATH:
            return path
    return os.path.join("/tmp", name)


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
            sock = self.server.nextPendingConnection()  # a child of the server
            # Methods, not lambdas holding the socket: a closure kept a Python reference
            # that deleted the socket a second time when the server went away first.
            sock.readyRead.connect(self._read)
            sock.disconnected.connect(sock.deleteLater)

    def _read(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket) and b"raise" in bytes(sock.readAll().data()):
            self.raiseRequested.emit()

    def close(self) -> None:
        """Stop listening (the socket file goes) and drop connections still open."""
        self.server.close()
        for sock in self.server.findChildren(QLocalSocket):
            sock.abort()
