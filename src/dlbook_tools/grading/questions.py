"""One submission graded, question by question, on its :class:`~dlbook_tools.grading.session.Session`.

:func:`grade` runs the public cases of every question on one worker, then the hidden cases
on a fresh one (the notebook run again, with the whole time limit again): the worker that saw
hidden inputs never produces anything shown to the student, so not even its return values or
error messages can carry those inputs into feedback.

Before a question's cases run, the names its tests ask for are looked up: a question whose
names are all still the template's ``...`` is not answered yet, and gets that one line
instead of a hint per case. A question whose cells (or functions) tried to import the
reference package earns nothing, with one line that says why. The rules are those of
``dlbook check`` (:mod:`~dlbook_tools.grading.answers`), so the one predicts the other.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from dlbook_tools.grading.answers import NOT_ANSWERED, REFERENCE_NOTE, question_state, questions_of_cells
from dlbook_tools.grading.assignment import Assignment, parameters
from dlbook_tools.grading.limits import CASE_GRACE, Limits
from dlbook_tools.grading.proxies import CaseTimeout, MissingName, SandboxFailure
from dlbook_tools.grading.results import CaseResult, Outcome, QuestionResult
from dlbook_tools.grading.sandbox import Isolation, Sandbox
from dlbook_tools.grading.session import Session
from dlbook_tools.quiet import quiet


@contextlib.contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Bound a test case's own time (a test looping on a strange answer), in the main thread."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def ring(*_: Any) -> None:
        raise CaseTimeout("the test case ran past the time limit")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def public_failure(err: BaseException, func: Callable, source: str) -> str:
    """A public case's failure, for the student: the failing line of the (public) test and the error."""
    line = ""
    tb = err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code is getattr(func, "__code__", None):
            lines = source.splitlines()
            line = lines[tb.tb_lineno - 1].strip() if 0 < tb.tb_lineno <= len(lines) else ""
        tb = tb.tb_next
    text = " ".join(str(err).split())
    out = f"{type(err).__name__}: {text}" if text else type(err).__name__
    return (f"{out} (at `{line}`)" if line else out)[:600]


def run_case(session: Session, question: str, tc: Any, source: str = "") -> CaseResult:
    """One otter test case, run here on the session's worker; never raises."""
    result = CaseResult(question=question, name=str(tc.name), hidden=bool(tc.hidden),
                        points=float(tc.points or 0), passed=False,
                        hint=" ".join((tc.failure_message or "").split()))
    func = tc.body.test_func
    session.context = question
    if time.monotonic() >= session.deadline:
        result.message = "not run: " + session.out_of_time()
    else:
        try:
            left = session.deadline - time.monotonic()
            with alarm(left + CASE_GRACE), quiet():
                func(**session.arguments(parameters(tc)))
        except CaseTimeout:
            session.lose_worker("timeout", f"{question}: a test ran past the time limit")
            result.message = "the test ran past the time limit"
        except MissingName as err:
            result.note = str(err)
        except SandboxFailure as err:
            result.message = str(err)
        except BaseException as err:  # noqa: BLE001 - the test failed, whatever it raised
            result.message = public_failure(err, func, source)
        else:
            result.passed = True
    if result.hidden:
        result.message = ""  # a hidden case reports pass/fail, points and the author's hint only
    return result


def asked_names(test_file: Any) -> list[str]:
    """The notebook names a question's tests ask for: its public cases' (what the student can
    see, and what ``dlbook check`` looks at), or all cases' when it has no public one."""
    cases = [tc for tc in test_file.test_cases if not tc.hidden] or list(test_file.test_cases)
    return list(dict.fromkeys(p for tc in cases for p in parameters(tc) if p != "env"))


def answered(session: Session, test_file: Any) -> bool:
    """False when every name the question asks for is still the template's ``...`` (or missing)."""
    names = asked_names(test_file)
    if not names or time.monotonic() >= session.deadline:
        return True
    session.context = test_file.name
    try:
        return question_state(session.kinds(names)) == "answered"
    except SandboxFailure:
        return True  # the cases will say what went wrong


def grade(cells: list, notebook: bytes, notebook_name: str, assignment: Assignment, limits: Limits,
          isolation: Isolation, uid: int | None) -> Outcome:
    """Run one submission's notebook in a sandbox and every test case of the assignment on it."""
    start = time.monotonic()
    session = Session(lambda: Sandbox(isolation, limits, uid, notebook, notebook_name), cells, limits)
    results: dict[tuple[int, int], CaseResult] = {}
    not_answered: set[str] = set()
    try:
        for hidden in (False, True):
            session.new_phase()
            for i, tf in enumerate(assignment.test_files):
                if tf.name in not_answered:
                    continue
                if not hidden and not answered(session, tf):
                    not_answered.add(tf.name)
                    continue
                for j, tc in enumerate(tf.test_cases):
                    if bool(tc.hidden) == hidden:
                        results[i, j] = run_case(session, tf.name, tc, tf.source)
    finally:
        session.close()
    by_cell = questions_of_cells(cells)
    reference = {by_cell[c] for c in session.reference_cells if c in by_cell} | session.reference_questions
    questions = []
    for i, tf in enumerate(assignment.test_files):
        note = REFERENCE_NOTE if tf.name in reference else NOT_ANSWERED if tf.name in not_answered else ""
        cases = []
        for j, tc in enumerate(tf.test_cases):
            case = results.get((i, j)) or CaseResult(question=tf.name, name=str(tc.name), hidden=bool(tc.hidden),
                                                     points=float(tc.points or 0), passed=False,
                                                     hint=" ".join((tc.failure_message or "").split()))
            if note:
                case.passed, case.message = False, ""
            cases.append(case)
        score, possible = assignment.score(i, [c.passed for c in cases])
        questions.append(QuestionResult(tf.name, score, possible, cases, note))
    return Outcome(status=session.status, note=session.note(), questions=questions,
                   seconds=time.monotonic() - start, log=session.log)
