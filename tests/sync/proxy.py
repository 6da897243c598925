"""A small TCP proxy on loopback that cuts, breaks or throttles connections.

Used by the fault tests (connections dropped mid-request or mid-response, a 500, a body
that is not JSON) and by the benchmark (1 Mbit/s with 300 ms round trips).
"""

from __future__ import annotations

import contextlib
import heapq
import random
import socket
import threading
import time
from collections.abc import Callable

GARBAGE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 14\r\n"
    b'Connection: close\r\n\r\n{"results": [1'
)
ERROR_500 = (
    b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
    b"Content-Length: 5\r\nConnection: close\r\n\r\noops!"
)


class Proxy:
    """Forward 127.0.0.1:port to ``target_port``.

    ``mode`` decides what each new connection gets: "pass", "refuse", "cut" (cut after
    ``cut_after`` response bytes), "500", "garbage". ``drop_rate`` cuts a random share of
    connections at a random byte, in either direction. ``bandwidth`` (bytes/s) and
    ``delay`` (one way, seconds) throttle like a slow mobile link.
    """

    def __init__(
        self,
        target_port: int,
        *,
        bandwidth: float | None = None,
        delay: float = 0.0,
        seed: int = 0,
    ) -> None:
        self.target_port = target_port
        self.bandwidth = bandwidth
        self.delay = delay
        self.mode = "pass"
        self.cut_after = 200
        self.drop_rate = 0.0
        self.rng = random.Random(seed)
        self.bytes_up = 0
        self.bytes_down = 0
        self.connections = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._closed = False
        self._socks: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def reset_counters(self) -> None:
        with self._lock:
            self.bytes_up = self.bytes_down = self.connections = 0

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        for sock in list(self._socks):
            _close(sock)

    def cut_all(self) -> None:
        """Drop every open connection (as a server crash or a lost link would)."""
        for sock in list(self._socks):
            _close(sock)

    # --- internals ---------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                mode = self.mode
                drop = self.drop_rate and self.rng.random() < self.drop_rate
                limit_up = self.rng.randint(1, 4000) if drop and self.rng.random() < 0.5 else None
                limit_down = self.rng.randint(1, 4000) if drop and limit_up is None else None
            threading.Thread(
                target=self._serve, args=(client, mode, limit_up, limit_down), daemon=True
            ).start()

    def _serve(self, client: socket.socket, mode: str, limit_up, limit_down) -> None:
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if mode == "refuse":
            _close(client)
            return
        if mode in ("500", "garbage"):
            try:
                client.recv(65536)
                client.sendall(ERROR_500 if mode == "500" else GARBAGE)
            except OSError:
                pass
            _close(client)
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
        except OSError:
            _close(client)
            return
        upstream.settimeout(None)
        upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if mode == "cut":
            limit_down = self.cut_after
        self._socks.update((client, upstream))
        pair = (client, upstream)
        threading.Thread(
            target=self._pump, args=(client, upstream, "up", limit_up, pair), daemon=True
        ).start()
        self._pump(upstream, client, "down", limit_down, pair)

    def _count(self, direction: str, n: int) -> None:
        with self._lock:
            if direction == "up":
                self.bytes_up += n
            else:
                self.bytes_down += n

    def _pump(self, src, dst, direction: str, limit: int | None, pair) -> None:
        send: Callable[[bytes], None]
        if self.bandwidth or self.delay:
            send, stop = self._throttled(dst)
        else:
            send, stop = dst.sendall, lambda: None
        sent = 0
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if limit is not None and sent + len(data) >= limit:
                    send(data[: max(0, limit - sent)])
                    break
                sent += len(data)
                self._count(direction, len(data))
                send(data)
        except OSError:
            pass
        finally:
            stop()
            for sock in pair:
                self._socks.discard(sock)
                _close(sock)

    def _throttled(self, dst: socket.socket):
        """Deliver chunks after the one-way delay, no faster than the bandwidth."""
        queue: list[tuple[float, int, bytes]] = []
        cond = threading.Condition()
        state = {"free_at": 0.0, "n": 0, "done": False}

        def send(data: bytes) -> None:
            now = time.monotonic()
            for start in range(0, len(data), 1460):
                chunk = data[start : start + 1460]
                begin = max(now, state["free_at"])
                state["free_at"] = begin + (len(chunk) / self.bandwidth if self.bandwidth else 0)
                with cond:
                    state["n"] += 1
                    heapq.heappush(queue, (state["free_at"] + self.delay, state["n"], chunk))
                    cond.notify()

        def writer() -> None:
            while True:
                with cond:
                    while not queue and not state["done"]:
                        cond.wait()
                    if not queue:
                        return
                    due, _, chunk = queue[0]
                    wait = due - time.monotonic()
                    if wait > 0:
                        cond.wait(wait)
                        continue
                    heapq.heappop(queue)
                try:
                    dst.sendall(chunk)
                except OSError:
                    return

        thread = threading.Thread(target=writer, daemon=True)
        thread.start()

        def stop() -> None:
            with cond:
                state["done"] = True
                cond.notify()
            thread.join(30)

        return send, stop


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
