"""A TCP relay between the client and the real server, to see the bytes on the wire and to make the faults a
network and a restarting server make: an answer lost on the way back (what idempotency keys are for),
connections reset as soon as they are accepted, connections refused, and connections accepted and never
answered. It changes nothing it passes on."""

from __future__ import annotations

import socket
import struct
import threading


class Relay:
    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.sent = bytearray()  # everything the client sent
        self.reset_count = 0  # connections reset by drop_next_connections
        self._drop_answers = 0
        self._drop_connections = 0
        self._hanging = False
        self._held: list[socket.socket] = []
        self._live: set[socket.socket] = set()  # both ends of every relayed connection
        self._lock = threading.Lock()
        self._closed = False
        self._listener: socket.socket | None = None
        self.port = self._listen(0)
        self.url = f"http://127.0.0.1:{self.port}"

    def drop_next_answers(self, count: int = 1) -> None:
        """The next ``count`` answers reach the relay and are thrown away: the connection is cut instead."""
        with self._lock:
            self._drop_answers = count

    def drop_next_connections(self, count: int) -> None:
        """The next ``count`` connections are accepted and reset at once, as by a proxy whose server is down."""
        with self._lock:
            self._drop_connections = count

    def hang(self) -> None:
        """From now on connections are accepted and never answered, as by a server that is stuck."""
        with self._lock:
            self._hanging = True

    def refuse(self) -> None:
        """Cuts every connection and stops listening: new ones are refused, as while a server restarts."""
        listener, self._listener = self._listener, None
        with self._lock:
            live = list(self._live)
        for s in ([listener] if listener is not None else []) + live:
            try:
                s.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in accept() or recv(); close() alone does not
            except OSError:
                pass
        if listener is not None:
            listener.close()

    def accept_again(self) -> None:
        """Listens again on the same port."""
        if self._listener is None:
            self._listen(self.port)

    def close(self) -> None:
        self._closed = True
        self.refuse()
        with self._lock:
            held, self._held = self._held, []
        for s in held:
            s.close()

    def _listen(self, port: int) -> int:
        listener = socket.create_server(("127.0.0.1", port))
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return int(listener.getsockname()[1])

    def _accept(self, listener: socket.socket) -> None:
        while not self._closed:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                hanging = self._hanging
                drop = self._drop_connections > 0
                if drop:
                    self._drop_connections -= 1
                    self.reset_count += 1
                if hanging:
                    self._held.append(client)
            if hanging:
                continue
            if drop:
                # Linger 0: closing sends a reset, not an orderly end.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.close()
                continue
            server = socket.create_connection(self.upstream)
            with self._lock:
                self._live.update((client, server))
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
            with self._lock:
                self._live.difference_update((source, target))
