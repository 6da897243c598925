"""keyring's ``keyring.backends`` entry points, remembered between starts.

keyring finds its backends through the entry points of the installed distributions: it
reads the metadata of every distribution on ``sys.path`` (importlib_metadata, and zipp with
it), 15-30 ms of each start, more while the window paints. The list changes only when what
is installed changes, so it is kept in a small file of the cache dir (``FILE_NAME``) with a
stamp of everything it was read from (``stamp``): the interpreter and the platform, each
``sys.path`` entry in order, and in each folder the names of its metadata folders with the
stat of their ``entry_points.txt`` (a zip or any other file by its own stat). Installing,
upgrading or removing a distribution, or editing its entry points, changes the stamp.

A start whose stamp matches takes the list from the file; any other start (or one whose
file is missing, unreadable or malformed) reads the metadata as keyring does and writes the
file anew. Where a finder other than the path finders can list distributions (their source
cannot be stamped) the metadata is read every time. Only the entry points' names and values
are kept, never anything of a keyring or of what it holds. What each backend is worth is
still asked at every start (``dxfield.oskeyring``): that can change from one start to the
next (a keyring daemon running or not), the list cannot without changing the stamp.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import stat
import sys
from dataclasses import dataclass
from functools import reduce
from importlib import import_module
from typing import Any

from .paths import cache_dir

log = logging.getLogger(__name__)

GROUP = "keyring.backends"
FILE_NAME = "keyring-entry-points.json"
FORMAT = 2  # 2: the stamp kept as its text (1: a SHA-256 of it)

# importlib_metadata's EntryPoint.pattern: ``module[:attr.attr][ [extras]]``.
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")
# The finders that list distributions from sys.path: the stdlib's and importlib_metadata's.
_PATH_FINDERS = {
    ("_frozen_importlib_external", "PathFinder"),
    ("importlib_metadata", "MetadataPathFinder"),
}


@dataclass(frozen=True)
class Plugin:
    """One entry point of the group, loaded as ``EntryPoint.load`` loads it."""

    name: str
    value: str

    @property
    def module(self) -> str | None:
        match = _VALUE.match(self.value)
        return match.group("module") if match else None

    def load(self):
        match = _VALUE.match(self.value)
        if match is None:
            raise ValueError(f"malformed entry point value {self.value!r}")
        attrs = filter(None, (match.group("attr") or "").split("."))
        return reduce(getattr, attrs, import_module(match.group("module")))

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"


def plugins() -> list[Plugin]:
    """The group's entry points in the order keyring loads them."""
    found = stamp()
    if found is not None:
        kept = _read(found)
        if kept is not None:
            return kept
    from keyring.compat.py312 import metadata

    listed = [Plugin(ep.name, ep.value) for ep in metadata.entry_points(group=GROUP)]
    if found is not None:
        _write(found, listed)
    return listed


def stamp() -> str | None:
    """The stamp of what the entry points are read from (a JSON text), or None when it
    cannot be taken (a finder whose distributions are not on sys.path)."""
    for finder in sys.meta_path:
        kind = finder if isinstance(finder, type) else type(finder)
        if (
            hasattr(finder, "find_distributions")
            and (kind.__module__, kind.__qualname__) not in _PATH_FINDERS
        ):
            return None
    parts: list[object] = [FORMAT, sys.version, sys.platform, sys.executable]
    for entry in sys.path:
        parts.append(entry)
        parts.append(_entry_stamp(entry or os.getcwd()))
    # Kept and compared as it is: a digest would import hashlib (OpenSSL, 3 ms of a start)
    # to save a few kilobytes of a cache file.
    return json.dumps(parts)


def _entry_stamp(entry: str) -> object:
    try:
        st = os.stat(entry)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        return [st.st_size, st.st_mtime_ns]
    egg = entry.lower().endswith(".egg")
    try:
        names = sorted(os.listdir(entry))
    except OSError:
        return "unlisted"
    # The folders importlib_metadata reads (its Lookup): *.dist-info, *.egg-info, and
    # EGG-INFO inside an .egg.
    infos = [
        name
        for name in names
        if name.lower().endswith((".dist-info", ".egg-info"))
        or (egg and name.lower() == "egg-info")
    ]
    return [[name, _file_stamp(os.path.join(entry, name, "entry_points.txt"))] for name in infos]


def _file_stamp(path: str) -> object:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def kept_path():
    """The file that keeps the list."""
    return cache_dir() / FILE_NAME


def _read(expected: str) -> list[Plugin] | None:
    record = _record(expected)
    return None if record is None else record[0]


def _record(expected: str) -> tuple[list[Plugin], Any] | None:
    """The kept list and the backend kept with it (``served``, unchecked), when the file
    was written for ``expected``."""
    try:
        kept = json.loads(kept_path().read_text(encoding="utf-8"))
        if kept["stamp"] != expected:
            return None
        listed = [Plugin(name, value) for name, value in kept["plugins"]]
        if not all(isinstance(p.name, str) and isinstance(p.value, str) for p in listed):
            return None
        return listed, kept.get("served")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def served() -> tuple[str, str] | None:
    """The backend (module, class) that gave the store key at an earlier start, kept with
    the entry points it was found among; None when none is kept, when what is installed
    changed since (the stamp), or when its module is not one of those entry points'."""
    found = stamp()
    record = None if found is None else _record(found)
    if record is None:
        return None
    listed, kept = record
    if not (isinstance(kept, list) and len(kept) == 2 and all(isinstance(x, str) for x in kept)):
        return None
    module, qualname = kept
    if module not in {plugin.module for plugin in listed}:
        return None  # only a module the kept list names (what the discovery loads anyway)
    return module, qualname


def keep_served(module: str, qualname: str) -> None:
    """Keep ``module``'s backend ``qualname`` as the one that gave the store key (with the
    entry points, written only when it changes)."""
    found = stamp()
    record = None if found is None else _record(found)
    if found is None or record is None or record[1] == [module, qualname]:
        return
    _write(found, record[0], [module, qualname])


def _write(found: str, listed: list[Plugin], served: list[str] | None = None) -> None:
    """Write the file whole (a new file put in place), so a reader never sees half of it."""
    path = kept_path()
    record: dict[str, Any] = {"stamp": found, "plugins": [[p.name, p.value] for p in listed]}
    if served is not None:
        record["served"] = served
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(record), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:  # a read-only cache dir: read the metadata next time too
        log.debug("keyring's entry points not kept: %s", exc)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
