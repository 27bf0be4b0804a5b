"""A TCP relay between the client and the real server, to see the bytes on the wire and to lose an answer
on the way back (the failure that idempotency keys exist for). It changes nothing it passes on."""

from __future__ import annotations

import socket
import threading


class Relay:
    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.sent = bytearray()  # everything the client sent
        self._drop_answers = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def drop_next_answers(self, count: int = 1) -> None:
        """The next ``count`` answers reach the relay and are thrown away: the connection is cut instead."""
        with self._lock:
            self._drop_answers = count

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, from_client: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if from_client:
                    with self._lock:
                        self.sent += chunk
                else:
                    with self._lock:
                        drop = self._drop_answers > 0
                        if drop:
                            self._drop_answers -= 1
                    if drop:
                        break
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, target):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
