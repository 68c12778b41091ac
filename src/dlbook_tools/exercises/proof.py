"""An exercise set proves its own tests: `dlbook exercises prove`.

For every question of a built set: the reference solution earns full marks, the
untouched student template earns zero, every mutant in ``mutants/`` (a realistic
wrong answer) loses points on the public tests *and* on the hidden tests, so public
tests discriminate on their own and hidden tests catch the mistake on inputs the
reader never saw, and every answer in ``right/`` (correct, written another way)
earns full marks. No answer may import the reference package.

Everything runs in this process: notebook code cells are exec'd into a fresh
namespace and otter's exception-based test files are called on it directly, so a
whole set proves itself in well under a second instead of a kernel per case.
This is for trusted code (our solutions and mutants), never for submissions.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import io
import re
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from dlbook_tools.exercises.sets import ExerciseSet
from dlbook_tools.quiet import quiet


# The cells otter assign writes into a notebook: its set-up cell, and cells made only of
# grader calls (`grader.check("q1")`, `grader.check_all()`, `grader.export(...)`).
OTTER_INIT = re.compile(r"\A\s*# Initialize Otter\b")
GRADER_CALL = re.compile(r"grader\.(check|check_all|export)\(.*\)")


def is_otter_cell(source: str) -> bool:
    """True for otter's own cells; a reader's cell that merely mentions otter stays."""
    lines = [ln.strip() for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return bool(OTTER_INIT.match(source)) or (bool(lines) and all(GRADER_CALL.fullmatch(ln) for ln in lines))


def code_cells(notebook: Path) -> list[str]:
    """The notebook's code, minus otter's own cells (grader set-up and checks)."""
    nb = nbformat.read(notebook, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code" and not is_otter_cell(c.source)]


REFERENCE_IMPORT = re.compile(r"^\s*(from|import)\s+dlbook\b(?!_tools)", re.M)


class _NoReferencePackage(importlib.abc.MetaPathFinder):
    """Answers are written without dlbook, as in grading and self-check, where the
    reference package is not on the path: importing it fails here too."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "dlbook" or name.startswith("dlbook."):
            raise ImportError(f"No module named {name!r} (the exercises are solved without dlbook)")
        return None


@contextlib.contextmanager
def _without_reference_package() -> Iterator[None]:
    hidden = {k: sys.modules.pop(k) for k in list(sys.modules) if k == "dlbook" or k.startswith("dlbook.")}
    finder = _NoReferencePackage()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
        sys.modules.update(hidden)


def run_code(sources: list[str]) -> dict[str, Any]:
    """Exec each source into one namespace; like a notebook, a failing cell does not stop the rest."""
    env: dict[str, Any] = {"__name__": "__main__"}
    with quiet(), _without_reference_package():
        for i, source in enumerate(sources):
            try:
                exec(compile(source, f"<cell {i}>", "exec"), env)
            except Exception:  # noqa: BLE001 - a broken answer is a zero, not a crash
                pass
    return env


@dataclass
class Score:
    """Points earned on one question, and the failed cases with their messages."""

    earned: float = 0.0
    possible: float = 0.0
    failures: list[str] = field(default_factory=list)


def score(env: dict[str, Any], tests: Path, hidden: bool | None = None) -> dict[str, Score]:
    """Run every test file in `tests` on `env`: all cases, or only hidden / only public ones."""
    from otter.test_files.exception_test import ExceptionTestFile

    results: dict[str, Score] = {}
    for path in sorted(tests.glob("q*.py")):
        tf = ExceptionTestFile.from_file(str(path))
        s = results.setdefault(tf.name, Score())
        for tc in tf.test_cases:
            if hidden is not None and tc.hidden != hidden:
                continue
            s.possible += tc.points
            try:
                with quiet():
                    tc.body.call_func(env)
            except Exception as err:  # noqa: BLE001 - any exception fails the case
                s.failures.append(f"{tc.name}: {tc.failure_message or type(err).__name__}")
            else:
                s.earned += tc.points
    return results


@dataclass
class Proof:
    """What `prove` found for one set; `problems` is empty when the set is sound."""

    set_name: str
    solution: dict[str, Score]
    blank: dict[str, Score]
    mutants: list[tuple[str, str, Score, Score]]  # question, mistake, public, hidden
    right: list[tuple[str, str, Score]]  # question, how it is written, all tests
    problems: list[str]


def prove(ex: ExerciseSet) -> Proof:
    ex.require_built()
    problems: list[str] = []
    solution_code = code_cells(ex.solution_notebook)

    solution = score(run_code(solution_code), ex.all_tests)
    for q, s in solution.items():
        if s.earned != s.possible:
            problems.append(f"{q}: the solution earns {s.earned}/{s.possible} ({'; '.join(s.failures)})")
        if s.possible <= 0:
            problems.append(f"{q}: no points")

    blank = score(run_code(code_cells(ex.student_notebook)), ex.all_tests)
    for q, s in blank.items():
        if s.earned != 0:
            problems.append(f"{q}: the blank template earns {s.earned}/{s.possible}")

    mutants = []
    per_question = {q: 0 for q in solution}
    for q, mistake, path in ex.mutants():
        if q not in solution:
            problems.append(f"mutant {path.name}: the set has no question {q}")
            continue
        per_question[q] += 1
        env = run_code([*solution_code, path.read_text()])
        public = score(env, ex.public_tests)[q]
        hidden = score(env, ex.all_tests, hidden=True)[q]
        mutants.append((q, mistake, public, hidden))
        if public.earned == public.possible:
            problems.append(f"mutant {path.name} passes every public test of {q}")
        if hidden.earned == hidden.possible:
            problems.append(f"mutant {path.name} passes every hidden test of {q}")
    for q, n in per_question.items():
        if n < 3:
            problems.append(f"{q}: {n} mutants, at least 3 are needed")

    right = []
    per_question = {q: 0 for q in solution}
    for q, how, path in ex.right_answers():
        if q not in solution:
            problems.append(f"right answer {path.name}: the set has no question {q}")
            continue
        per_question[q] += 1
        s = score(run_code([*solution_code, path.read_text()]), ex.all_tests)[q]
        right.append((q, how, s))
        if s.earned != s.possible:
            problems.append(f"right answer {path.name} earns {s.earned:g}/{s.possible:g} "
                            f"({'; '.join(s.failures)})")
    for q, n in per_question.items():
        if n < 2:
            problems.append(f"{q}: {n} right answers written another way, at least 2 are needed")

    for label, path in [("the master", ex.master), *((f"mutant {p.name}", p) for *_, p in ex.mutants()),
                        *((f"right answer {p.name}", p) for *_, p in ex.right_answers())]:
        if REFERENCE_IMPORT.search(path.read_text()):
            problems.append(f"{label} imports dlbook: answers must be written without the reference package")
    return Proof(ex.name, solution, blank, mutants, right, problems)


def report(proof: Proof) -> str:
    """A table an author can read: one line per question and per mutant."""
    lines = [f"{proof.set_name}", f"  {'question':<10}{'solution':>10}{'blank':>8}"]
    for q, s in proof.solution.items():
        lines.append(f"  {q:<10}{s.earned:>5g}/{s.possible:<4g}{proof.blank[q].earned:>5g}/{s.possible:g}")
    lines.append(f"  {'mutant':<40}{'public':>10}{'hidden':>10}")
    for q, mistake, public, hidden in proof.mutants:
        lines.append(f"  {q + '_' + mistake:<40}{public.earned:>5g}/{public.possible:<4g}"
                     f"{hidden.earned:>5g}/{hidden.possible:g}")
    lines.append(f"  {'right answer':<40}{'score':>10}")
    for q, how, s in proof.right:
        lines.append(f"  {q + '_' + how:<40}{s.earned:>5g}/{s.possible:<4g}")
    lines += [f"  PROBLEM: {p}" for p in proof.problems] or [
        "  sound: solution full, blank zero, every mutant caught, every right answer full"]
    return "\n".join(lines)
