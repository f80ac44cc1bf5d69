"""``python -m survey``: see :mod:`survey.cli`."""

import sys

from survey.cli import main

if __name__ == "__main__":
    sys.exit(main())
