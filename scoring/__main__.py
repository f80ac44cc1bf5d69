"""``python -m scoring``: see :mod:`scoring.cli`."""

import os
import sys

# numpy asks the kernel for huge pages for large arrays; where the kernel
# then compacts memory at each fault (Debian's default, defrag=madvise) a
# one-off command spends more system time on that than it saves: about 0.6 s
# of CPU at a million responses (docs/benchmarks.md). Set before numpy is
# imported; an explicit setting in the environment wins.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

from scoring.cli import main

if __name__ == "__main__":
    sys.exit(main())
