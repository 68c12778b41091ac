"""Feedback never carries a hidden test: graded for real, with a worker under rlimits only (no
bubblewrap needed; the notebooks here are ours), a failing hidden case shows the author's
hint and its points, never its assertion message, its inputs, its expected values, its
name, or what the student's code answered to it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from dlbook_tools.grading import class_report, report
from dlbook_tools.grading.assignment import Assignment, resolve_assignment
from dlbook_tools.grading.limits import Limits
from dlbook_tools.grading.questions import grade
from dlbook_tools.grading.results import CaseResult, Outcome, QuestionResult
from dlbook_tools.grading.sandbox import Isolation
from dlbook_tools.notebooks import parse

TESTS = '''
from otter.test_files import test_case

OK_FORMAT = False
name = "q1"
points = 3

@test_case(points=1, hidden=False, failure_message="double(x) is 2 * x")
def test_public(double):
    got = double(2)
    assert got == 4, f"double(2) = {got}, expected 4"

@test_case(points=2, hidden=True, failure_message="double is wrong on inputs you have not seen")
def test_secret_inputs(double, np):
    got = double(np.float64(31337.5))
    assert got == 62675.0, f"SECRET-MESSAGE: double(31337.5) = {got}, expected 62675.0"
'''
# What must never reach a student: the hidden case's message, input, expected value and
# name, and the answer the student's code gave on the hidden input.
SECRETS = ["SECRET-MESSAGE", "31337", "62675", "test_secret_inputs", "31338"]
HINT = "double is wrong on inputs you have not seen"


@pytest.fixture(scope="module")
def assignment(tmp_path_factory) -> Assignment:
    path = tmp_path_factory.mktemp("autograder") / "tiny-autograder.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("tests/q1.py", TESTS)
        zf.writestr("otter_config.json", json.dumps({"assignment_name": "tiny"}))
    found, sized = resolve_assignment(str(path))
    assert (found.name, found.questions, found.max_score, sized) == ("tiny", ["q1"], 3.0, {})
    return found


def graded(assignment: Assignment, answer: str) -> Outcome:
    """`answer` graded in a worker under rlimits only (after `import numpy as np`: the hidden test
    takes the notebook's `np`)."""
    answer = "import numpy as np\n" + answer
    nb = json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": answer, "outputs": []}],
                     "metadata": {"otter": {"assignment_name": "tiny"}}, "nbformat": 4,
                     "nbformat_minor": 5}).encode()
    cells = parse(nb).cells
    return grade(cells, nb, "tiny.ipynb", assignment, Limits(timeout=30),
                 Isolation(bwrap=False, drop_root=False), uid=None)


def everything_written(out: Path, key: str, outcome: Outcome, assignment: Assignment) -> str:
    folder = report.write_submission_files(out, key, outcome, assignment)
    row = report.row(key, "alice", outcome, assignment)
    page, text = class_report.class_report(assignment.name, list(assignment.points.items()), [("alice", outcome)])
    return "\n".join([(folder / "feedback.txt").read_text(), (folder / "results.json").read_text(),
                      json.dumps(row), page, text])


def test_a_failing_hidden_case_shows_its_hint_and_nothing_of_the_test(assignment, tmp_path):
    outcome = graded(assignment, "def double(x):\n    return 2 * x if x < 100 else x + 1\n")
    assert (outcome.status, outcome.score) == ("ok", 1.0), outcome
    hidden = [c for q in outcome.questions for c in q.cases if c.hidden]
    assert [(c.passed, c.message, c.hint) for c in hidden] == [(False, "", HINT)]
    text = everything_written(tmp_path, "alice.ipynb", outcome, assignment)
    assert f"hidden test 1 failed (2 points): {HINT}" in text
    leaked = [s for s in SECRETS if s in text]
    assert not leaked, leaked


def test_a_failing_public_case_shows_its_error(assignment, tmp_path):
    outcome = graded(assignment, "def double(x):\n    return 2 * x + 1\n")
    assert outcome.score == 0
    text = everything_written(tmp_path, "bob.ipynb", outcome, assignment)
    assert "public test q1 - 1 failed (1 point): double(x) is 2 * x" in text
    assert "AssertionError: double(2) = 5, expected 4" in text  # a public case may show its error
    leaked = [s for s in SECRETS if s in text]
    assert not leaked, leaked


def test_an_exception_in_a_hidden_case_shows_nothing_of_it(assignment, tmp_path):
    outcome = graded(assignment, "def double(x):\n    if x > 100:\n        raise ValueError(f'got {x}')\n"
                                 "    return 2 * x\n")
    assert outcome.score == 1
    text = everything_written(tmp_path, "carol.ipynb", outcome, assignment)
    assert HINT in text and "ValueError" not in text
    assert not [s for s in SECRETS if s in text]


def test_the_report_never_prints_a_hidden_message_even_if_one_is_recorded(assignment, tmp_path):
    """Defence in depth: a hidden case's message is dropped by the grader, and ignored by the report."""
    cases = [CaseResult("q1", "q1 - 1", False, 1.0, True),
             CaseResult("q1", "test_secret_inputs", True, 2.0, False, message="SECRET-MESSAGE: expected 62675.0",
                        hint=HINT)]
    outcome = Outcome(questions=[QuestionResult("q1", 1.0, 3.0, cases)])
    text = everything_written(tmp_path, "dave.ipynb", outcome, assignment)
    assert HINT in text
    assert not [s for s in SECRETS if s in text]
