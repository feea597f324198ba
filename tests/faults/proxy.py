"""A TCP proxy of the test's own between the app and PostgreSQL, to take the database
away and give it back as a restart does, without touching the cluster others share."""

import contextlib
import socket
import threading
from collections.abc import Iterator

from django.db import connection

from tests.faults.processes import free_port


class DatabaseProxy:
    """While down, every connection is dropped and new ones are refused."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """What a restart does to the app: refused at once, every session gone."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                _close(sock)
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:  # the listener was closed: the proxy is down
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _close(client)
                continue
            server.settimeout(None)
            with self._lock:
                if self._listener is not listener:  # stopped while this one connected
                    _close(client)
                    _close(server)
                    return
                self._open |= {client, server}
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        with self._lock:
            self._open -= {source, target}
        _close(source)
        _close(target)


@contextlib.contextmanager
def database_proxy() -> Iterator[DatabaseProxy]:
    """A proxy, up, in front of the test database's server."""
    params = connection.settings_dict
    proxy = DatabaseProxy((params["HOST"] or "127.0.0.1", int(params["PORT"] or 5432)))
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
