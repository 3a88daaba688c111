"""PyInstaller entry point: the same main() as the `followup-desktop` console script."""

import sys

from followup_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
