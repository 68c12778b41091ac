"""The grader's temporary folders on the host, and what a killed run left of them.

Each run of ``dlbook grade`` works in one folder of its own under the system's temporary
folder (``dlbook-grade-run-*``), and each worker in one inside it; a worker started outside
a run (a test, ``dlbook exercises prove``) gets a ``dlbook-grade-*`` folder of its own.
Each such folder holds a ``.lock`` file locked (``flock``) for as long as the process that
made it lives, so a run killed with SIGKILL leaves folders whose lock is free, and the
next run removes them (:func:`remove_stale`) without touching those of a run still going.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import IO

PREFIX = "dlbook-grade-"
LOCK = ".lock"
UNLOCKED_AGE = 300.0  # s: a folder without a lock file this old was never finished being made


class Scratch:
    """A folder that is ours while this object (or a forked child holding its lock) lives."""

    def __init__(self, kind: str = "", parent: str | Path | None = None, mode: int = 0o700):
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX + kind, dir=parent))
        os.chmod(self.path, mode)
        self._lock: IO[str] | None = open(self.path / LOCK, "w")
        fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def remove_stale(parent: str | Path | None = None) -> int:
    """Remove the folders of runs and workers whose process is gone; how many were removed."""
    parent = Path(parent or tempfile.gettempdir())
    removed = 0
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(PREFIX) and p.is_dir() and not p.is_symlink()]
    except OSError:
        return 0
    for folder in candidates:
        try:
            lock = open(folder / LOCK)
        except FileNotFoundError:
            try:
                if time.time() - folder.stat().st_mtime > UNLOCKED_AGE:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed += 1
            except OSError:
                pass
            continue
        except OSError:
            continue  # another user's, or unreadable: not ours to judge
        with lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # its process is alive
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
