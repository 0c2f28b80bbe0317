"""One exclusive file lock for the processes of a test run (pytest-xdist workers, ``make`` phases).

``with locked(path):`` holds an exclusive ``flock`` on ``path`` (created with its folder if
missing) for the block: the jupyter-cache folder nbval's workers write to (tools/nbval_cache.py),
the book the first browser test builds (tests/conftest.py), the Binder-style environment
(tools/binder_env.py). Standard library only.
"""

from __future__ import annotations

import contextlib
import fcntl
from pathlib import Path


@contextlib.contextmanager
def locked(path: Path):
    """Hold an exclusive lock on the file ``path`` while the block runs (waits for other holders)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
