"""Password hashing with bounded work: a few argon2 threads and a short queue.

argon2 is deliberately expensive (CPU and ~64 MiB per hash). Run on the event loop or in
the shared thread pool, a flood of logins with random names would take every core and the
memory with it, and logged-in users' pulls would wait behind it. Here at most
``workers`` hashes run at once and ``queue`` more logins may wait; any login beyond that is
answered 503 at once, before it touches the database. The counter lives on the event loop
(only coroutines touch it), so it needs no lock.

One argon2 hash runs its lanes on several threads and can take every core of a small
server by itself. On Linux the hashing threads therefore run at a lower priority (nice 10;
the lane threads inherit it): when the CPU is contended a pull goes first and a login waits
a little, and when it is not, logins run at full speed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import TypeVar

from .errors import ApiError

T = TypeVar("T")
HASHING_NICENESS = 10
BUSY_MESSAGE = "the server is busy with other logins; try again in a moment"
# Seconds a login turned away (503 busy, 429 limited) waits for its answer.
REFUSAL_DELAY = 0.5


def _lower_priority() -> None:
    if sys.platform != "linux":
        return  # elsewhere a thread's priority is not set this way; hashing is bounded anyway
    # On Linux the "process" of PRIO_PROCESS may be a thread id: this thread only.
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


class HashPool:
    def __init__(self, workers: int, queue: int) -> None:
        self.capacity = workers + queue
        self.busy = 0
        self._executor = ThreadPoolExecutor(
            workers, thread_name_prefix="argon2", initializer=_lower_priority
        )

    @property
    def full(self) -> bool:
        return self.busy >= self.capacity

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """A place among the logins in progress, or 503 right away when there is none."""
        if self.full:
            raise ApiError(503, "busy", BUSY_MESSAGE, headers={"Retry-After": "1"})
        self.busy += 1
        try:
            yield
        finally:
            self.busy -= 1

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """``work(*args)`` on one of the hashing threads (argon2 releases the GIL)."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, work, *args)
