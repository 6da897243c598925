"""The OS keyring backend, chosen as keyring's own discovery chooses it, for less.

``keyring.get_keyring()`` with nothing configured loads every ``keyring.backends`` entry
point and takes the viable backend of highest priority (or the chainer, when more than one
is usable). Loading keyring's own macOS module off macOS runs ``ctypes.util.find_library``
three times, which on Linux starts ``ldconfig``/``gcc`` (60-100 ms of a start, more than
the rest of the discovery), only for its ``priority`` to say "macOS required".

``backend()`` gives the same backend without that: a backend already set in this process,
``PYTHON_KEYRING_BACKEND`` and ``keyringrc.cfg`` are read by keyring's own functions, as
keyring reads them; otherwise every entry point is loaded as keyring loads it, except the
macOS module off macOS, where ``platform.system()`` is not ``Darwin`` and its only backend
cannot be viable, and the viable backend of highest priority is taken. The list of entry
points is kept between starts while what is installed stays the same
(``dxfield.keyringplugins``): reading it from the distributions' metadata costs more than
the rest. Where two or more backends are usable (keyring would chain them) keyring's own
discovery runs instead. The choice is set as keyring's backend, so ``keyring.get_password``
and the rest agree with it.

keyring is imported here, for the whole app (its errors are taken from here too), with
five modules deferred to their first use (``dxfield.deferredimport``): ``urllib.request``,
``subprocess`` and ``more_itertools``, which keyring's helper libraries (``jaraco.context``,
``jaraco.functools``) import for functions keyring never calls (``backports.tarfile`` is
used by ``jaraco.context`` as it loads), ``importlib_metadata``, which only a discovery that
reads the entry points anew uses, and ``configparser``, which only a ``keyringrc.cfg`` needs
(``_configured``). Together they were more than half of keyring's import.
"""

from __future__ import annotations

import logging
import sys
import threading
from functools import reduce
from importlib import import_module

from .deferredimport import defer

defer("urllib.request", "subprocess", "more_itertools", "importlib_metadata", "configparser")

import keyring.core  # noqa: E402
from keyring.errors import KeyringError, PasswordDeleteError  # noqa: E402

__all__ = ["KeyringError", "PasswordDeleteError", "backend"]

log = logging.getLogger(__name__)

# keyring's macOS module: its one backend needs platform.system() == "Darwin", which is
# macOS, where sys.platform is "darwin" (``platform`` itself is not imported for it).
MACOS_MODULE = "keyring.backends.macOS"

_lock = threading.Lock()


def backend():
    """keyring's backend for this process (found on first use)."""
    with _lock:
        # keyring.core keeps the backend it was given (set_keyring) or found.
        if keyring.core._keyring_backend is None:
            keyring.core.set_keyring(_detect())
        return keyring.get_keyring()


def remembered():
    """The backend to ask first for a read-only look at the store (the dashboard's first
    board, a listing): the one set or configured, as ``backend()`` takes it; else the one
    that gave the store key at an earlier start (``keyringplugins.served``) when it says it
    is usable now, without loading the other backends to rank them. None: there is none to
    ask, and ``backend()`` decides. Everything else (the store's full open, new keys, sync's
    token) uses ``backend()``, keyring's own choice."""
    from keyring import backend as kb
    from keyring import core

    with _lock:
        if core._keyring_backend is not None:
            return core._keyring_backend
    configured = _configured()
    if configured is not None:
        return configured
    from .keyringplugins import served

    found = served()
    if found is None:
        return None
    module, qualname = found
    try:
        ring_class = reduce(getattr, qualname.split("."), import_module(module))
        if not (isinstance(ring_class, type) and issubclass(ring_class, kb.KeyringBackend)):
            return None
        if ring_class.priority <= 0:  # raises, as keyring's check, when not usable here
            return None
        return ring_class()
    except Exception as exc:  # as keyring: a backend that cannot be used is passed over
        log.debug("the keyring that kept the store key is not usable now: %s", exc)
        return None


def _configured():
    """The backend set by ``PYTHON_KEYRING_BACKEND`` or keyring's ``keyringrc.cfg``, read by
    keyring's own functions as keyring reads them; None when neither names one. keyring's
    reader makes its config parser before it looks for the file: with no file it is not
    called (same answer), and ``configparser`` stays unrun (deferred, above)."""
    from keyring import core

    configured = core.load_env()
    if configured is not None:
        return configured
    config_path = getattr(core, "_config_path", None)
    if config_path is not None and not config_path().exists():
        return None
    return core.load_config()


def remember(ring) -> None:
    """Keep ``ring`` (``backend()``'s choice, which just gave the store key) for the next
    start's first look; not a chain of backends (which of them gave it is not known)."""
    from keyring.backends import chainer

    if isinstance(ring, chainer.ChainerBackend):
        return
    from .keyringplugins import keep_served

    keep_served(type(ring).__module__, type(ring).__qualname__)


def _detect():
    """``keyring.core._detect_backend()`` (no limit), without loading what cannot be
    viable here."""
    from keyring import backend as kb
    from keyring.backends import chainer, fail

    configured = _configured()
    if configured is not None:
        return configured
    kb._limit = None  # as _detect_backend(None) leaves it, for a chainer made later
    _load_plugins(skip={MACOS_MODULE} if sys.platform != "darwin" else set())
    rings = [
        ring
        for ring in _viable_instances(kb.KeyringBackend)
        if not isinstance(ring, chainer.ChainerBackend)
    ]
    usable = [ring for ring in rings if ring.priority > 0]
    if len(usable) > 1:
        # keyring would chain them (the chainer's priority is then 10): let it build that.
        return _keyring_discovery()
    # The chainer's priority is now fail's minus one, below fail.Keyring (always loaded,
    # priority 0): it can never be the highest.
    return max(rings, default=fail.Keyring(), key=kb.by_priority)


def _load_plugins(skip: set[str]) -> None:
    """``keyring.backend._load_plugins`` for the entry points whose module is not in
    ``skip``, the list of them kept between starts (``dxfield.keyringplugins``)."""
    from .keyringplugins import plugins

    for plugin in plugins():
        if plugin.module in skip:
            continue
        try:
            init = plugin.load()
            if callable(init):
                init()
        except Exception:  # as keyring: a broken plugin is logged and passed over
            log.exception("Error initializing plugin %s.", plugin)


def _viable_instances(base) -> list:
    """``keyring.backend.get_all_keyring``'s list, from the classes loaded so far."""
    from keyring import util

    return list(util.suppress_exceptions(base.get_viable_backends(), exceptions=TypeError))


def _keyring_discovery():
    from keyring import core

    return core._detect_backend()
