"""Writing build outputs safely: atomically, and only when their bytes change."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it already holds exactly that. Returns whether it wrote.

    Atomic (a temporary file, then a rename) because a build may run while `mkdocs serve`
    or another build reads the same folder: a reader sees the old file or the new one,
    never half of one. Unchanged files keep their mtime, so nothing downstream (mkdocs'
    own change detection, a browser's cache) sees a change that is not one.
    """
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the site is not
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
