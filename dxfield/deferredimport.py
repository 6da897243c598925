"""Modules whose code runs at their first use rather than where a library imports them.

keyring imports ``jaraco.context``, which imports ``urllib.request`` (with it http.client,
the email parser and ssl: 35 ms of a start, more while the window paints) for a download
helper that keyring never calls; ``jaraco.functools`` imports ``more_itertools`` for helpers
keyring never calls either, and ``keyring.backend`` imports ``importlib_metadata`` for the
discovery that ``dxfield.keyringplugins`` mostly spares it. ``defer(name)`` puts the module
``name`` into ``sys.modules`` (and onto its package) before such a library imports it, with
its code not yet run. The first use of any of its attributes runs its code in that same
module object, which from then on is the module as an ordinary import leaves it: requests'
``from urllib.request import ...`` and ``urllib.request.urlopen`` find what they always
found, only later.

What the import system wrote from the module's spec before running it is answered without
running it: ``__spec__`` (every ``import`` statement reads it, to see whether another
thread is still importing the module), ``__name__`` and ``__file__`` (PySide6's import hook
reads both of every module an import statement hands back, once ``ui.qtcompat`` has made
its check read the file; PySide6's own check reads the source through ``inspect``, which
runs the module: a frozen app's top-level deferred modules run there, as imported).
``importlib.util.LazyLoader`` runs the module at the first ``import`` already, and before
Python 3.12.3 lets a second thread see it half-run. Here a thread that touches the module
while another runs its code waits for the end, as a second importer waits; the thread
running it (its own code reaching back to it) sees it as far as it has run, as in a
circular import. If the code fails, the error is raised at that first use and the name
leaves ``sys.modules``, as after a failed import. Only Python modules that are not
imported yet are deferred (a thread that is importing one at that very moment may still put
its own copy in place: both run the same code). importlib_metadata's own import puts its finder on
``sys.meta_path`` (and takes the stdlib's ``find_distributions`` off): deferred, that
happens at its first use, and until then ``importlib.metadata`` lists the same
distributions through the stdlib's finder.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import types
from dataclasses import dataclass, field
from importlib.machinery import ModuleSpec


@dataclass
class _Pending:
    """A deferred module not run yet: its spec, the lock its first use takes, and whether
    its code is running."""

    spec: ModuleSpec
    lock: threading.RLock = field(default_factory=threading.RLock)
    running: bool = False


_pending: dict[str, _Pending] = {}
_ATTRIBUTE = types.ModuleType.__getattribute__
# Written by the import system from the spec before the module's code runs.
_FROM_SPEC = frozenset({"__spec__", "__name__", "__file__"})


class DeferredModule(types.ModuleType):
    """A module whose code has not run yet: any use but reading what its spec gave it
    (``_FROM_SPEC``) runs it."""

    def __getattribute__(self, name: str):
        if name not in _FROM_SPEC:
            _run(self)
        return _ATTRIBUTE(self, name)

    def __setattr__(self, name: str, value) -> None:
        _run(self)
        types.ModuleType.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        _run(self)
        types.ModuleType.__delattr__(self, name)

    def __dir__(self):
        _run(self)
        return types.ModuleType.__dir__(self)


def defer(*names: str) -> None:
    """Each module of ``names`` that is not imported yet, made to run at its first use.
    A name that cannot be found, or is not Python source or bytecode, is left to the
    import that asks for it (which then fails or loads it as ever)."""
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None or not _python_code(spec):
            continue
        module = importlib.util.module_from_spec(spec)
        if type(module) is not types.ModuleType:
            continue
        _pending[name] = _Pending(spec)
        module.__class__ = DeferredModule
        # Another thread's import of it may have got there first: then that one it is.
        if sys.modules.setdefault(name, module) is not module:
            del _pending[name]
            continue
        parent, _, child = name.rpartition(".")
        if parent:  # as an import binds a submodule to its package
            setattr(sys.modules[parent], child, module)


def _python_code(spec: ModuleSpec) -> bool:
    """Whether the module is Python code run by ``exec_module`` (not an extension module,
    whose creation already runs it)."""
    if isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
        return False
    return bool(spec.origin) and spec.origin.endswith((".py", ".pyc"))


def _run(module: types.ModuleType) -> None:
    if type(module) is not DeferredModule:
        return
    spec = _ATTRIBUTE(module, "__spec__")
    pending = _pending.get(spec.name)
    if pending is None:  # run by another thread since the check above
        return
    with pending.lock:
        if type(module) is not DeferredModule or pending.running:
            return  # run meanwhile by another thread, or this thread's run reaching back
        pending.running = True
        try:
            spec.loader.exec_module(module)
        except BaseException:
            pending.running = False
            if sys.modules.get(spec.name) is module:
                del sys.modules[spec.name]
            raise
        types.ModuleType.__setattr__(module, "__class__", types.ModuleType)
        del _pending[spec.name]
