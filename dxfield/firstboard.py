"""The dashboard's first board, read by a second process while the window starts.

Before the window shows its data, the store's key has to be found (keyring's import and its
discovery of the OS keyring), SQLCipher loaded, the store unlocked and the board read: some
110 ms of Python on a start that takes about 300. In the app's own process that work cannot
run beside the window's construction: both hold the GIL. So the desktop start
(``ui.main.start_desktop``) starts this module as a process of its own before it imports Qt;
the reader finds the key, unlocks the store and prepares its read on the other core while the
window is built, then waits for the 年度 and the day the window shows (the window reads
them from its settings) and answers with the board (``dxfield.overview.BoardSnapshot``),
read exactly as ``ui.app`` would read it itself (``dxfield.quickread.read_current``).

Nothing of the key leaves the reader: it sends the board, or that there is none to show
(the store needs the full open first: missing, older or newer, a passphrase to be typed).
When the reader cannot be started, dies or says something else, ``FirstBoard.result``
says so (``Unavailable``) and the app reads the board itself, as it did before. The reader
never writes to the store (``quickread`` opens it read-only), and it exits as soon as its
input closes, so a window closed early, or an app that dies, leaves nothing running.

The exchange: the app writes one line, ``<year> <ISO day>`` (or closes the pipe: nothing
wanted); the reader writes one pickle, ``(database path, snapshot or None)``, and exits.
Pickle, because both ends are this program: the app unpickles only what its own child, on
a pipe only the two of them hold, wrote.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from datetime import date
from pathlib import Path
from typing import IO, Any

# The flag a frozen app (its executable is the app, not Python) is started with to be the
# reader; ``ui.main`` hands it here.
READER_FLAG = "--first-board-reader"


class Unavailable(Exception):
    """The reader did not answer as agreed: read the board in the app instead."""


def reader_command() -> list[str]:
    """The command that starts a reader from this program."""
    if getattr(sys, "frozen", False):
        return [sys.executable, READER_FLAG]
    return [sys.executable, "-m", __name__]


class FirstBoard:
    """A reader started for the store in ``data_dir`` (None: the default, as the app finds
    it). ``ask(year, today)`` once the window knows them, then ``result()``; or ``close()``
    when no board is wanted."""

    def __init__(self, data_dir: str | None) -> None:
        import subprocess

        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console flashes up
        self._proc = subprocess.Popen(
            [*reader_command(), *([] if data_dir is None else [data_dir])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            creationflags=flags,
        )
        self._asked = False

    def ask(self, year: int, today: date) -> None:
        """Tell the reader which board to read (once)."""
        if self._asked:
            return
        self._asked = True
        stdin, self._proc.stdin = self._proc.stdin, None  # communicate() then only reads
        try:
            with contextlib.suppress(OSError):  # the reader died: result() says so
                stdin.write(f"{int(year)} {today.isoformat()}\n".encode("ascii"))
        finally:
            with contextlib.suppress(OSError):
                stdin.close()

    def result(self, database_path: Path) -> Any:
        """The board the reader read from ``database_path`` (None: none to show, the full
        open comes first). Raises ``Unavailable`` when the reader gave no such answer.

        Waits as long as the reader takes: as the app's own read would, were the keyring
        to ask the person to unlock it."""
        if not self._asked or self._proc.stdout is None or self._proc.stdout.closed:
            raise Unavailable("no board was asked for")
        out, err = self._proc.communicate()
        if self._proc.returncode != 0:
            said = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            raise Unavailable(f"the reader exited with {self._proc.returncode}: {said}")
        try:
            path, snapshot = pickle.loads(out)
        except Exception as exc:
            raise Unavailable("the reader's answer could not be read") from exc
        if Path(path) != Path(database_path):
            raise Unavailable("the reader read another store")
        return snapshot

    def close(self) -> None:
        """No board wanted (any more): the reader stops, and is waited for."""
        proc = self._proc
        if proc.returncode is not None:
            return
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        try:
            proc.wait(timeout=2)
        except Exception:
            proc.kill()
            proc.wait()


def read(data_dir: str | None, request: IO[bytes]) -> tuple[str, Any]:
    """The reader's work: everything up to the query while the app builds its window, then
    the board ``request`` names. Its answer: the store's path and the board, or None."""
    from . import overview, quickread
    from .context import AppContext

    path = AppContext(data_dir or None).database_path
    # Found now, not after the request: the key's lookup is most of the work.
    with quickread.prepared(path) as reading:
        line = request.readline().decode("ascii").split()
        if len(line) != 2 or reading is None:
            return str(path), None
        year, today = int(line[0]), date.fromisoformat(line[1])
        return str(path), reading.run(lambda conn: overview.snapshot(conn, year, None, today))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data_dir = args[0] if args else None
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    answer = read(data_dir, stdin)
    try:
        stdout.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        stdout.flush()
    except BrokenPipeError:  # the app no longer wants it: nothing left to flush at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
    return 0


if __name__ == "__main__":
    os._exit(main())  # nothing to tear down: the store is closed, the answer written
