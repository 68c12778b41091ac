"""`dlbook check NOTEBOOK`: a reader self-grades a filled notebook against the public tests.

Unlike `otter check` (which always exits 0), the exit status is 0 only when every
public test passes, so the check can gate a script or a pre-submit hook. The reader's
code runs in a Jupyter kernel, exactly as in the notebook.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dlbook_tools import notebooks
from dlbook_tools.errors import UserError
from dlbook_tools.exercises.sets import SET_MARKER, discover


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


@contextlib.contextmanager
def _kernel_stderr_silenced() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null while kernels start; restore it afterwards."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@dataclass
class QuestionCheck:
    name: str
    passed: int
    total: int
    earned: float
    possible: float
    messages: list[str]


def read_assignment(path: Path) -> str:
    """The set a notebook belongs to; every way the file can be wrong is a one-line UserError
    (the reader `dlbook grade` uses too)."""
    return notebooks.read(path).exercise()


def find_tests(notebook: Path, set_name: str, tests: Path | None) -> Path:
    """Public tests: --tests, else tests/ beside the notebook (the download), else the local build."""
    if tests is None:
        beside = notebook.parent / "tests"
        if beside.is_dir():
            tests = beside
        else:
            sets = discover()
            tests = sets[set_name].public_tests if set_name in sets else beside
    if not tests.is_dir() or not list(tests.glob("q*.py")):
        raise UserError(f"no public tests for {set_name} at {tests}: keep the notebook in the folder "
                        f"unzipped from {set_name}.zip, or pass --tests DIR")
    marker = tests / SET_MARKER
    if marker.is_file() and marker.read_text().strip() != set_name:
        raise UserError(f"{notebook} belongs to set {set_name!r} but the tests in {tests} belong to "
                        f"{marker.read_text().strip()!r}: pass --tests with the {set_name} tests")
    return tests


def check(notebook: Path, tests: Path | None = None, expected_set: str | None = None,
          log: Callable[[str], None] = lambda _: None) -> list[QuestionCheck]:
    set_name = read_assignment(notebook)
    if expected_set is not None and set_name != expected_set:
        raise UserError(f"{notebook} belongs to set {set_name!r}, not {expected_set!r}: "
                        f"check the right file, or drop --set")
    tests = find_tests(notebook, set_name, tests)
    log(f"Running {notebook} ({set_name}) in a kernel, then its public tests from {tests} ...")

    from otter.execute import grade_notebook

    notebook, tests = notebook.resolve(), tests.resolve()
    test_files = sorted(str(p) for p in tests.glob("q*.py"))
    # Run where the notebook lives, as Jupyter would (otter writes its .OTTER_LOG there too).
    # The reader's prints, otter's chatter and the kernel's own start-up warnings (written
    # straight to file descriptor 2 by the kernel process) would bury the table.
    with _working_directory(notebook.parent), _kernel_stderr_silenced(), \
            contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        results = grade_notebook(str(notebook), tests_glob=test_files, test_dir=str(tests),
                                 cwd=str(notebook.parent))
    checks = []
    for name, tf in sorted(results.results.items()):
        tf = getattr(tf, "test_file", tf)  # otter wraps each TestFile in a result object
        cases = tf.test_case_results
        failed = [r for r in cases if not r.passed]
        messages = [_explain(r) for r in failed]
        checks.append(QuestionCheck(name, len(cases) - len(failed), len(cases),
                                    float(tf.score), float(tf.possible), messages))
    return checks


def _explain(result) -> str:
    """The author's hint for a failed public case, then what actually went wrong."""
    error = result.message.strip().splitlines()[-1]  # e.g. "AssertionError: got 0.5, expected 0.88"
    hint = (result.test_case.failure_message or "").strip()
    return " ".join(hint.split()) + (f" [{error}]" if error.rstrip(": ") and error not in hint else "")


def table(checks: list[QuestionCheck]) -> str:
    lines = [f"{'question':<10}{'public tests':>14}{'points':>10}  ", "-" * 40]
    for c in checks:
        mark = "ok" if c.passed == c.total else "FAIL"
        lines.append(f"{c.name:<10}{c.passed:>8}/{c.total:<5}{c.earned:>6g}/{c.possible:<4g} {mark}")
        lines += [f"    - {m}" for m in c.messages]
    passed = sum(c.passed == c.total for c in checks)
    lines.append("-" * 40)
    lines.append(f"{passed}/{len(checks)} questions pass their public tests"
                 + ("" if passed == len(checks) else "; hidden tests will check more inputs"))
    return "\n".join(lines)
