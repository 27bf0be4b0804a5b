"""A TCP relay between the client and the real server, to see the bytes on the wire and to make the faults a
network and a restarting server make: an answer lost on the way back (what idempotency keys are for),
connections reset as soon as they are accepted, connections refused, connections accepted and never
answered, and the 502/503/504 a proxy answers when its server is down or slow. It changes nothing it passes on."""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import threading
from collections.abc import Mapping
from http import HTTPStatus


class Relay:
    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.sent = bytearray()  # everything the client sent
        self.reset_count = 0  # connections reset by drop_next_connections
        self._drop_answers = 0
        self._drop_connections = 0
        self._own_answers: list[bytes] = []  # answered here, the request never passed on
        self._replaced_answers: list[bytes] = []  # the request passed on, the server's answer swapped for this
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

    def answer_next_requests(self, count: int, status: int, headers: Mapping[str, str] | None = None) -> None:
        """The next ``count`` requests get ``status`` from the relay itself and never reach the server, as from
        a proxy whose server is down (502) or restarting (503)."""
        with self._lock:
            self._own_answers = [_proxy_answer(status, headers or {})] * count

    def replace_next_answers(self, count: int, status: int) -> None:
        """The next ``count`` requests reach the server, and its answers are swapped for ``status``, as by a
        proxy that gave up waiting (504) after its server had the request."""
        with self._lock:
            self._replaced_answers = [_proxy_answer(status, {})] * count

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
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in accept() or recv(); close() alone does not
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
                        own = self._own_answers.pop() if self._own_answers else None
                    if own is not None:
                        chunk = _whole_request(chunk, source)
                    with self._lock:
                        self.sent += chunk
                    if own is not None:
                        source.sendall(own)
                        break
                else:
                    with self._lock:
                        drop = self._drop_answers > 0
                        if drop:
                            self._drop_answers -= 1
                        replaced = self._replaced_answers.pop() if self._replaced_answers and not drop else None
                    if drop:
                        break
                    if replaced is not None:
                        target.sendall(replaced)
                        break
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, target):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            with self._lock:
                self._live.difference_update((source, target))


def _proxy_answer(status: int, headers: Mapping[str, str]) -> bytes:
    """An answer as a proxy writes it: an HTML page, not Legflow's JSON error, and the connection closed."""
    reason = HTTPStatus(status).phrase
    body = f"<html><body><h1>{status} {reason}</h1></body></html>".encode()
    lines = [f"HTTP/1.1 {status} {reason}", "Content-Type: text/html", f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _whole_request(start: bytes, source: socket.socket) -> bytes:
    """The request that begins with ``start``: its headers, and as many body bytes as its Content-Length says,
    read to the end so that the client has sent it all before it is answered."""
    data = start
    while b"\r\n\r\n" not in data and (more := source.recv(65536)):
        data += more
    head, _, body = data.partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    while length is not None and len(body) < int(length.group(1)) and (more := source.recv(65536)):
        body += more
    return head + b"\r\n\r\n" + body
