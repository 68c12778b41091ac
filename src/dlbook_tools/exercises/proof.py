"""An exercise set proves its own tests: `dlbook exercises prove`.

For every question of a built set: the reference solution earns full marks, the
untouched student template earns zero, every mutant in ``mutants/`` (a realistic
wrong answer) loses points on the public tests *and* on the hidden tests, so public
tests discriminate on their own and hidden tests catch the mistake on inputs the
reader never saw, and every answer in ``right/`` (correct, written another way)
earns full marks. No answer may import the reference package.

Every notebook is scored the way ``dlbook grade`` scores a submission (:func:`grade_notebooks`:
the same grader processes, sandboxed workers and proxies), so a mistake that only
in-process execution would catch is not counted as caught. Each mutant or right answer
goes into the solution notebook just before its question's ``grader.check`` cell, where a
reader would write it.

:func:`run_code` and :func:`score` run notebook code in this process instead, for trusted
code only (the build measures the solution's time and memory with them).
"""

from __future__ import annotations

import contextlib
import importlib.abc
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat

from dlbook_tools.exercises.sets import ExerciseSet
from dlbook_tools.quiet import quiet

if TYPE_CHECKING:
    from dlbook_tools.grading.results import Outcome


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
    seconds: float = 0.0
    how: str = ""  # how the notebooks were graded (isolation, processes)


def with_answer(nb: Any, question: str, code: str) -> Any:
    """A copy of `nb` with `code` in a cell just before `question`'s check cell (at the end
    when it has none)."""
    return with_answers(nb, [(question, code)])


def with_answers(nb: Any, answers: list[tuple[str, str]]) -> Any:
    """A copy of `nb` with each (question, code) in a cell just before that question's check cell."""
    nb = nbformat.from_dict(nb)
    for question, code in answers:
        at = next((i for i, c in enumerate(nb.cells)
                   if c.cell_type == "code" and f'grader.check("{question}")' in c.source), len(nb.cells))
        nb.cells.insert(at, nbformat.v4.new_code_cell(code))
    return nb


def _names(source: str) -> tuple[set[str], set[str]] | None:
    """(names a piece of code defines at top level, names it reads anywhere); None when it
    does not parse (then it shares a notebook with nothing)."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    reads = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    defines: set[str] = set()
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defines.add(node.name)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            defines |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            defines.add(node.id)
        if not isinstance(node, ast.Lambda):
            todo.extend(ast.iter_child_nodes(node))
    return defines, reads


def pack(solution_nb: Any, answers: list[tuple[str, str, str]], asked: dict[str, set[str]]) -> list[list[tuple]]:
    """Group answers (key, question, code) into as few notebooks as possible, at most one per
    question in each, such that no answer can change how another's question is scored: an
    answer never defines a name that another question in its notebook reads (in its solution
    cells, in the other answer, or among the names its tests ask for, `asked`)."""
    from dlbook_tools.grading.answers import questions_of_cells

    code_cells = [(i, c.source) for i, c in enumerate(solution_nb.cells) if c.cell_type == "code"]
    by_cell = questions_of_cells(code_cells)
    solution_reads: dict[str, set[str]] = {}
    for i, source in code_cells:
        names = _names(source)
        if i in by_cell and names is not None:
            solution_reads.setdefault(by_cell[i], set()).update(names[1])
    groups: list[list[tuple]] = []
    for key, question, code in answers:
        names = _names(code)

        def fits(group: list[tuple]) -> bool:
            if names is None:
                return False
            for _, other_q, _, other in group:
                if other_q == question or other is None:
                    return False
                for (defs, _), q, reads in ((names, other_q, other[1]), (other, question, names[1])):
                    seen = reads | solution_reads.get(q, set()) | asked.get(q, set())
                    if defs & seen or names[0] & other[0]:
                        return False
            return True

        target = next((g for g in groups if fits(g)), None)
        if target is None:
            groups.append(target := [])
        target.append((key, question, code, names))
    return [[(key, question, code) for key, question, code, _ in group] for group in groups]


def grade_notebooks(ex: ExerciseSet, notebooks: dict[str, Any], jobs: int | None = None) -> tuple[dict, str]:
    """Grade each notebook as `dlbook grade` would (sandboxed where bubblewrap works: these are
    our own answers, so without it they run under rlimits only); {key: Outcome} and how."""
    from dlbook_tools.grading.assignment import resolve_assignment
    from dlbook_tools.grading.limits import Limits
    from dlbook_tools.grading.run import default_jobs, run_pool
    from dlbook_tools.grading.sandbox import detect
    from dlbook_tools.grading.scratch import Scratch
    from dlbook_tools.grading.submissions import Submission

    assignment, sized = resolve_assignment(str(ex.autograder_zip))
    limits = Limits.choose(None, None, sized)
    jobs = jobs or default_jobs()
    outcomes: dict[str, Outcome] = {}
    folder = Scratch("prove-", mode=0o711)
    try:
        isolation = detect(limits, tmp_root=str(folder.path))
        todo: list[Submission] = []
        for key, nb in notebooks.items():
            path = folder.path / f"{len(todo):03d}" / f"{ex.name}.ipynb"
            path.parent.mkdir()
            path.parent.chmod(0o755)
            nbformat.write(nb, path)
            todo.append(Submission(key, path))
        run_pool(todo, assignment, jobs, limits, isolation, lambda sub, o: outcomes.__setitem__(sub.key, o),
                 lambda: None)
    finally:
        folder.remove()
    how = "bubblewrap" if isolation.bwrap else "rlimits only (no bubblewrap)"
    return outcomes, f"{how}, -j {jobs}"


def scores(outcome: Outcome, hidden: bool | None = None) -> dict[str, Score]:
    """Points per question of a graded notebook: all cases (by otter's arithmetic), or only
    the hidden or only the public ones."""
    out = {}
    for q in outcome.questions:
        if hidden is None:
            s = Score(q.score, q.possible)
        else:
            cases = [c for c in q.cases if c.hidden == hidden]
            s = Score(sum(c.points for c in cases if c.passed), sum(c.points for c in cases))
        failed = [c for c in q.cases if not c.passed and (hidden is None or c.hidden == hidden)]
        s.failures = [f"{c.name}: {q.note or c.note or c.hint or c.message or 'failed'}" for c in failed]
        out[q.name] = s
    return out


def prove(ex: ExerciseSet, jobs: int | None = None) -> Proof:
    from dlbook_tools.grading.assignment import resolve_assignment
    from dlbook_tools.grading.questions import asked_names

    ex.require_built()
    start = time.perf_counter()
    problems: list[str] = []
    solution_nb = nbformat.read(ex.solution_notebook, as_version=4)
    notebooks: dict[str, Any] = {"solution": solution_nb,
                                 "blank": nbformat.read(ex.student_notebook, as_version=4)}
    answers = [(f"{kind}:{path.name}", q, path.read_text())
               for kind, found in (("mutant", ex.mutants()), ("right", ex.right_answers())) for q, _, path in found]
    assignment = resolve_assignment(str(ex.autograder_zip))[0]
    asked = {tf.name: {p for tc in tf.test_cases for p in _params(tc)} | set(asked_names(tf))
             for tf in assignment.test_files}
    # Answers to different questions that cannot interfere share a notebook (one grading each,
    # not one per answer); a notebook that timed out or crashed is graded again one answer at a time.
    groups = pack(solution_nb, answers, asked)
    for n, group in enumerate(groups):
        notebooks[f"group:{n}"] = with_answers(solution_nb, [(q, code) for _, q, code in group])
    graded, how = grade_notebooks(ex, notebooks, jobs)
    alone = [a for n, group in enumerate(groups) if len(group) > 1 and graded[f"group:{n}"].status != "ok"
             for a in group]
    if alone:
        again, _ = grade_notebooks(ex, {key: with_answer(solution_nb, q, code) for key, q, code in alone}, jobs)
        graded.update(again)
    outcomes = {k: v for k, v in graded.items() if not k.startswith("group:")}
    for n, group in enumerate(groups):
        for key, _, _ in group:
            outcomes.setdefault(key, graded[f"group:{n}"])
    for key, outcome in outcomes.items():
        if outcome.status != "ok" and not key.startswith("mutant:"):
            problems.append(f"{key.replace(':', ' ')}: graded {outcome.status} ({outcome.note})")

    solution = scores(outcomes["solution"])
    for q, s in solution.items():
        if s.earned != s.possible:
            problems.append(f"{q}: the solution earns {s.earned}/{s.possible} ({'; '.join(s.failures)})")
        if s.possible <= 0:
            problems.append(f"{q}: no points")

    blank = scores(outcomes["blank"])
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
        outcome = outcomes[f"mutant:{path.name}"]
        public, hidden = scores(outcome, hidden=False)[q], scores(outcome, hidden=True)[q]
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
    for q, how_written, path in ex.right_answers():
        if q not in solution:
            problems.append(f"right answer {path.name}: the set has no question {q}")
            continue
        per_question[q] += 1
        s = scores(outcomes[f"right:{path.name}"])[q]
        right.append((q, how_written, s))
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
    seconds = time.perf_counter() - start
    count = f"solution, blank and {len(answers)} answers in {len(notebooks) + len(alone)} notebooks"
    return Proof(ex.name, solution, blank, mutants, right, problems, seconds, f"{count}, {how}")


def _params(tc: Any) -> list[str]:
    from dlbook_tools.grading.assignment import parameters

    return [p for p in parameters(tc) if p != "env"]


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
    if proof.seconds:
        lines.append(f"  graded as `dlbook grade` grades ({proof.how}) in {proof.seconds:.1f} s")
    return "\n".join(lines)
