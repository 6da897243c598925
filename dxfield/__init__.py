"""dxfield core: the Qt-free heart of the DX advisors' field tool.

Models, the local store, migrations, the assessment engine, search, reports and the CLI live
here. Nothing in this package imports Qt (enforced by import-linter, see pyproject.toml).
"""

# The one place the version is written; pyproject.toml and pyinstaller.spec read it from here
# (importlib.metadata would cost the desktop's start-up tens of milliseconds).
__version__ = "0.1.0"
# The name the platform's folders are filed under (platformdirs): data, config, logs.
APP_NAME = "dxfield"
APP_AUTHOR = "dxfield"
