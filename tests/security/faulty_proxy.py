"""A tiny TCP proxy on loopback in front of DynamoDB Local that can fail on demand.

Modes: "forward" (a plain pipe), "stall" (requests are held: DynamoDB never sees them),
"drop-answers" (requests reach DynamoDB, its answers are held: the write happens but the client
times out), and "down" (every connection is closed at once, like a stopped server).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from urllib.parse import urlsplit


class FaultyProxy:
    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.mode = "forward"
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def set_mode(self, mode: str) -> None:
        assert mode in ("forward", "stall", "drop-answers", "down")
        self.mode = mode
        if mode == "down":
            self._close_connections()

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        self._close_connections()

    def _close_connections(self) -> None:
        with self._lock:
            connections, self._open = self._open, []
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the other side
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            if self.mode == "down":
                client.close()
                continue
            upstream = socket.create_connection(self.upstream)
            with self._lock:
                self._open += [client, upstream]
            threading.Thread(
                target=self._pump, args=(client, upstream, "stall"), daemon=True
            ).start()
            threading.Thread(
                target=self._pump, args=(upstream, client, "drop-answers"), daemon=True
            ).start()

    def _pump(self, source: socket.socket, target: socket.socket, holding_mode: str) -> None:
        try:
            while chunk := source.recv(65536):
                held = False
                while self.mode in (holding_mode, "stall") and not self._closed:
                    held = True
                    time.sleep(0.02)  # held: the client sees no progress and times out
                if held or self.mode == "down":
                    return  # what was held is lost with its connection, as on a real network
                target.sendall(chunk)
        except OSError:
            pass  # one side went away: the other is closed below
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.close()
