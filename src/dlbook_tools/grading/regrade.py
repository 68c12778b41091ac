"""What a gradebook already holds, and whether it still stands: a re-run grades only what changed.

Beside ``grades.csv``, ``grade-state.jsonl`` records, for each submission graded, a content
hash of its file and of the assignment's tests, and its outcome for the class report (one
JSON line per result, appended and fsynced after the gradebook row). A re-run skips a submission only when its row is there
and both hashes are unchanged: a resubmitted notebook, or a test fixed after a first run,
is graded again; with ``--force`` everything is, and the state starts afresh. A row without
a state line (a crash between the two, or a gradebook from before this file) is graded again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from dlbook_tools.grading import results
from dlbook_tools.grading.assignment import Assignment
from dlbook_tools.grading.results import Outcome

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
    """``grade-state.jsonl``: the hashes each gradebook row was graded with, and its outcome
    (scores and each failing case's hint, never a hidden case's message: see
    :mod:`~dlbook_tools.grading.results`), so the class report covers rows of earlier runs."""

    def __init__(self, path: Path, reset: bool = False):
        self.path = path
        self.graded: dict[str, dict] = {}
        if reset:
            path.unlink(missing_ok=True)
        elif path.exists():
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    entry = _entry(line)
                    if entry is not None:
                        self.graded[entry["key"]] = entry
        self._file = open(path, "a", encoding="utf-8")

    def current(self, key: str, submission: str, tests: str) -> bool:
        entry = self.graded.get(key)
        return bool(submission) and entry is not None and (entry["submission"], entry["tests"]) == (submission, tests)

    def outcome(self, key: str) -> Outcome | None:
        entry = self.graded.get(key)
        return results.from_plain(entry["outcome"]) if entry else None

    def record(self, key: str, submission: str, tests: str, outcome: Outcome) -> None:
        entry = {"key": key, "submission": submission, "tests": tests, "outcome": results.to_plain(outcome)}
        self.graded[key] = entry
        self._file.write(json.dumps(entry) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self, keep: set[str] | None = None) -> None:
        """Close, rewriting the file with one line per submission (those in `keep`, when given)."""
        self._file.close()
        tmp = self.path.with_suffix(".jsonl.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            for key, entry in self.graded.items():
                if keep is None or key in keep:
                    f.write(json.dumps(entry) + "\n")
        os.replace(tmp, self.path)


def _entry(line: str) -> dict | None:
    """One line of the state file; None for a line cut short by a crash or written before
    outcomes were kept (that submission is graded again)."""
    try:
        entry = json.loads(line)
        results.from_plain(entry["outcome"])
        return {"key": str(entry["key"]), "submission": str(entry["submission"]), "tests": str(entry["tests"]),
                "outcome": entry["outcome"]}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
