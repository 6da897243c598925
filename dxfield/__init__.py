"""dxfield core: the Qt-free heart of the DX advisors' field tool.

Models, the local store, migrations, the assessment engine, search, reports and the CLI live
here. Nothing in this package imports Qt (enforced by import-linter, see pyproject.toml).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dxfield")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
