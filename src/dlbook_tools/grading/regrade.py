"""What a gradebook already holds, and whether it still stands: a re-run grades only what changed.

Beside ``grades.csv``, ``grade-state.jsonl`` records, for each submission graded, a content
hash of its file and of the assignment's tests (one JSON line per result, appended and
fsynced after the gradebook row). A re-run skips a submission only when its row is there
and both hashes are unchanged: a resubmitted notebook, or a test fixed after a first run,
is graded again; with ``--force`` everything is, and the state starts afresh. A row without
a state line (a crash between the two, or a gradebook from before this file) is graded again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from dlbook_tools.grading.assignment import Assignment

STATE_FILE = "grade-state.jsonl"
CHUNK = 2**20


def file_hash(path: Path) -> str:
    """sha256 of a submission's bytes ("" when it cannot be read: graded every time, with its reason)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def tests_hash(assignment: Assignment) -> str:
    """sha256 of what grading depends on in the autograder: its name and its tests' sources."""
    digest = hashlib.sha256(assignment.name.encode())
    for tf in assignment.test_files:
        digest.update(b"\0" + str(tf.name).encode() + b"\0" + str(getattr(tf, "source", "")).encode())
    return digest.hexdigest()


class State:
    """``grade-state.jsonl``: the hashes each gradebook row was graded with."""

    def __init__(self, path: Path, reset: bool = False):
        self.path = path
        self.graded: dict[str, tuple[str, str]] = {}
        if reset:
            path.unlink(missing_ok=True)
        elif path.exists():
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    try:
                        entry = json.loads(line)
                        self.graded[str(entry["key"])] = (str(entry["submission"]), str(entry["tests"]))
                    except (ValueError, KeyError, TypeError):
                        continue  # a line cut short by a crash: that submission is graded again
        self._file = open(path, "a", encoding="utf-8")

    def current(self, key: str, submission: str, tests: str) -> bool:
        return bool(submission) and self.graded.get(key) == (submission, tests)

    def record(self, key: str, submission: str, tests: str) -> None:
        self.graded[key] = (submission, tests)
        self._file.write(json.dumps({"key": key, "submission": submission, "tests": tests}) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self, keep: set[str] | None = None) -> None:
        """Close, rewriting the file with one line per submission (those in `keep`, when given)."""
        self._file.close()
        tmp = self.path.with_suffix(".jsonl.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            for key, (submission, tests) in self.graded.items():
                if keep is None or key in keep:
                    f.write(json.dumps({"key": key, "submission": submission, "tests": tests}) + "\n")
        os.replace(tmp, self.path)
