"""Password hashing with bounded work: a few argon2 threads and a short queue.

argon2 is deliberately expensive (CPU and ~64 MiB per hash). Run on the event loop or in
the shared thread pool, a flood of logins with random names would take every core and the
memory with it, and logged-in users' pulls would wait behind it. Here at most
``workers`` hashes run at once and ``queue`` more logins may wait; any login beyond that is
answered 503 at once, before it touches the database. The counter lives on the event loop
(only coroutines touch it), so it needs no lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import TypeVar

from .errors import ApiError

T = TypeVar("T")


class HashPool:
    def __init__(self, workers: int, queue: int) -> None:
        self.capacity = workers + queue
        self.busy = 0
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="argon2")

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """A place among the logins in progress, or 503 right away when there is none."""
        if self.busy >= self.capacity:
            raise ApiError(
                503,
                "busy",
                "the server is busy with other logins; try again in a moment",
                headers={"Retry-After": "1"},
            )
        self.busy += 1
        try:
            yield
        finally:
            self.busy -= 1

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """``work(*args)`` on one of the hashing threads (argon2 releases the GIL)."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, work, *args)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
