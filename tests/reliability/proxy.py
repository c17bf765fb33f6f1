"""A small TCP proxy on loopback that a test can cut and restore (a database going away)."""

from __future__ import annotations

import contextlib
import socket
import threading


class CuttableProxy:
    """Forwards 127.0.0.1:<port> to a target; ``cut`` drops every connection and refuses new ones.

    While cut, new connections are accepted and closed at once (the client sees the server
    hang up, as when PostgreSQL restarts), so nothing waits for a timeout.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._cut = False
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        """Drop every open connection; refuse new ones until ``restore``."""
        with self._lock:
            self._cut = True
            for sock in self._open:
                _hang_up(sock)
            self._open.clear()

    def restore(self) -> None:
        """Forward new connections again."""
        with self._lock:
            self._cut = False

    def close(self) -> None:
        """Stop listening and drop everything."""
        self.cut()
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:  # a cut cannot slip in between connecting and registering
                server = None if self._cut else self._connect()
                if server is None:
                    client.close()
                    continue
                self._open.update((client, server))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _connect(self) -> socket.socket | None:
        try:
            server = socket.create_connection(self._target, timeout=5)
        except OSError:
            return None
        server.settimeout(None)
        return server

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                _hang_up(sock)
            with self._lock:
                self._open.discard(source)
                self._open.discard(sink)


def _hang_up(sock: socket.socket) -> None:
    """Shut the socket down, then close it.

    Shutting down first matters: a bare close() while the other pipe thread is blocked in recv()
    on the same socket leaves the connection open in the kernel, and the server never notices.
    """
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
