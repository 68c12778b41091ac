"""`dlbook check NOTEBOOK`: a reader self-grades a filled notebook against the public tests.

Unlike `otter check` (which always exits 0), the exit status is 0 only when every
public test passes, so the check can gate a script or a pre-submit hook. The reader's
code runs in a Jupyter kernel, exactly as in the notebook, on a copy in a temporary
folder: nothing is written beside the reader's notebook.

The rules are grading's (:mod:`dlbook_tools.grading.answers`), so a check predicts the
grade: two hidden cells, added to the copy, make ``import dlbook`` fail before the reader's
code runs (a question whose cells try it earns nothing, with one line that says why) and,
at the end, say which names the tests ask for are still the template's ``...`` (a question
not answered yet gets one line) or were never defined (said once, not as a ``NoneType``
error).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlbook_tools import notebooks
from dlbook_tools.errors import UserError
from dlbook_tools.exercises.sets import SET_MARKER, discover
from dlbook_tools.grading import answers

KERNEL_STARTS = 3  # tries to start the kernel before saying it cannot
# nbclient / jupyter_client's words for a kernel that did not come up
KERNEL_START_FAILED = re.compile(r"Kernel died before replying|Kernel didn't respond|kernel_info", re.I)
MARKER = "[dlbook check] " + answers.REFERENCE_NOTE  # printed in a cell that tried to import dlbook
# The rules' own source runs in the kernel: the kernel's Python need not have dlbook_tools.
SETUP_CELL = """\
def _dlbook_check_setup():
    import sys
    rules = {{"__name__": "_dlbook_check_rules"}}
    exec(compile({rules!r}, "<dlbook check>", "exec"), rules)
    rules["block_reference_package"](lambda name: print({marker!r}, file=sys.stderr, flush=True))
    return rules
_dlbook_check_rules = _dlbook_check_setup()
del _dlbook_check_setup
"""
NAMES_CELL = """\
def _dlbook_check_names():
    import json
    with open({path!r}, "w") as f:
        json.dump(_dlbook_check_rules["describe_names"](globals(), {names!r}), f)
_dlbook_check_names()
"""


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
    note: str = ""  # one line instead of the messages: not answered yet, dlbook imported


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

    import nbformat
    from otter.execute import grade_notebook
    from otter.test_files.exception_test import ExceptionTestFile

    from dlbook_tools.grading.assignment import parameters
    from dlbook_tools.grading.questions import asked_names
    from dlbook_tools.quiet import quiet

    notebook, tests = notebook.resolve(), tests.resolve()
    test_files = sorted(str(p) for p in tests.glob("q*.py"))
    with quiet():
        parsed = [ExceptionTestFile.from_file(path) for path in test_files]
    asked = {tf.name: asked_names(tf) for tf in parsed}
    # What each case asks for, read here: the results otter sends back from the kernel lost it.
    params = {(tf.name, tc.name): parameters(tc) for tf in parsed for tc in tf.test_cases}
    names = sorted({n for ns in asked.values() for n in ns})
    with tempfile.TemporaryDirectory(prefix="dlbook-check-") as tmp:
        # A copy in a folder of its own, where the kernel runs as Jupyter would run it beside
        # the notebook: what the reader's code or otter writes (.OTTER_LOG) is thrown away.
        work, found = Path(tmp) / "notebook", Path(tmp) / "names.json"
        work.mkdir()
        nb = nbformat.read(notebook, as_version=4)
        rules = Path(answers.__file__).read_text(encoding="utf-8")
        nb.cells.insert(0, nbformat.v4.new_code_cell(SETUP_CELL.format(rules=rules, marker=MARKER)))
        nb.cells.append(nbformat.v4.new_code_cell(NAMES_CELL.format(path=str(found), names=names)))
        copy = work / notebook.name
        nbformat.write(nb, copy)
        # The reader's prints, otter's chatter and the kernel's own start-up warnings (written
        # straight to file descriptor 2 by the kernel process) would bury the table.
        for attempt in range(KERNEL_STARTS):
            try:
                with _working_directory(work), _kernel_stderr_silenced(), \
                        contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    results = grade_notebook(str(copy), tests_glob=test_files, test_dir=str(tests), cwd=str(work))
                break
            except (RuntimeError, TimeoutError) as err:
                # A kernel that dies or hangs as it starts (a port taken between choosing and
                # binding it, a machine under load) is started again; the notebook has not run.
                if not KERNEL_START_FAILED.search(str(err)):
                    raise
                if attempt == KERNEL_STARTS - 1:
                    raise UserError(f"the Jupyter kernel did not start ({' '.join(str(err).split())[:200]}), "
                                    f"{KERNEL_STARTS} times: check that ipykernel is installed here "
                                    f"({sys.executable} -m ipykernel --version), then try again") from None
        try:
            kinds: dict[str, str] = json.loads(found.read_text())
        except (OSError, ValueError):
            kinds = {}  # the kernel died before the end: the tests' own messages say it
    reference = _reference_questions(getattr(results, "notebook", None))
    return [_question(name, getattr(tf, "test_file", tf), asked.get(name, []), params, kinds, reference)
            for name, tf in sorted(results.results.items())]


def _reference_questions(executed: Any) -> set[str]:
    """Questions whose cells (their check cell too) printed that they tried to import dlbook."""
    if executed is None:
        return set()
    cells, marked = [], set()
    for i, cell in enumerate(executed.cells):
        if cell.cell_type != "code":
            continue
        cells.append((i, cell.source))
        if any(MARKER in str(o.get("text", "")) for o in cell.get("outputs", [])):
            marked.add(i)
    by_cell = answers.questions_of_cells(cells)
    return {by_cell[i] for i in marked if i in by_cell}


def _question(name: str, tf: Any, asked: list[str], params: dict[tuple[str, str], list[str]],
              kinds: dict[str, str], reference: set[str]) -> QuestionCheck:
    """One row of the table, by grading's rules."""
    cases = tf.test_case_results
    possible = float(tf.possible)
    if name in reference:
        return QuestionCheck(name, 0, len(cases), 0.0, possible, [], note=answers.REFERENCE_NOTE)
    mine = {n: kinds[n] for n in asked if n in kinds}
    if mine and answers.question_state(mine) == "not answered":
        return QuestionCheck(name, 0, len(cases), 0.0, possible, [], note=answers.NOT_ANSWERED)
    failed = [r for r in cases if not r.passed]
    messages: list[str] = []
    for r in failed:
        missing = [n for n in params.get((name, r.test_case.name), []) if kinds.get(n) == "missing"]
        message = answers.undefined_note(missing[0]) if missing else _explain(r)
        if message not in messages:
            messages.append(message)
    return QuestionCheck(name, len(cases) - len(failed), len(cases), float(tf.score), possible, messages)


def _explain(result) -> str:
    """The author's hint for a failed public case, then what actually went wrong."""
    error = result.message.strip().splitlines()[-1]  # e.g. "AssertionError: got 0.5, expected 0.88"
    hint = (result.test_case.failure_message or "").strip()
    return " ".join(hint.split()) + (f" [{error}]" if error.rstrip(": ") and error not in hint else "")


def table(checks: list[QuestionCheck]) -> str:
    lines = [f"{'question':<10}{'public tests':>14}{'points':>10}  ", "-" * 40]
    for c in checks:
        if c.note:
            lines.append(f"{c.name}: {c.note}")
            continue
        mark = "ok" if c.passed == c.total else "FAIL"
        lines.append(f"{c.name:<10}{c.passed:>8}/{c.total:<5}{c.earned:>6g}/{c.possible:<4g} {mark}")
        lines += [f"    - {m}" for m in c.messages]
    passed = sum(c.passed == c.total for c in checks)
    lines.append("-" * 40)
    lines.append(f"{passed}/{len(checks)} questions pass their public tests"
                 + ("" if passed == len(checks) else "; hidden tests will check more inputs"))
    return "\n".join(lines)
