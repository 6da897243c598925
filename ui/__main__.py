"""``python -m ui`` and the frozen app's entry script: same as the ``dxfield`` command."""

import sys

from ui.main import main

if __name__ == "__main__":
    sys.exit(main())
