"""Same answer, same score, everywhere: what a kernel would show a test, grading shows it too.
Graded for real, with workers under rlimits only (no bubblewrap needed; the notebooks are
ours): in-place updates and aliasing of arguments, IPython magics, a name never defined, a
question not answered yet, the reference package out of reach, and the time limit per
execution of the notebook."""

from __future__ import annotations

import json
import time
import zipfile

import pytest

from dlbook_tools.grading import report
from dlbook_tools.grading.answers import NOT_ANSWERED, REFERENCE_NOTE, is_placeholder, questions_of_cells
from dlbook_tools.grading.assignment import Assignment, resolve_assignment
from dlbook_tools.grading.limits import Limits
from dlbook_tools.grading.questions import grade
from dlbook_tools.grading.results import Outcome
from dlbook_tools.grading.sandbox import Isolation
from dlbook_tools.notebooks import parse

HEADER = "from otter.test_files import test_case\n\nOK_FORMAT = False\nname = {name!r}\npoints = None\n"
CASE = '''
@test_case(points=1, hidden={hidden}, failure_message="{name} {i} failed")
def test_{name}_{i}({params}):
    import numpy as np
{body}
'''

# question -> [(params, body, hidden)]: each body is a test case, indented by 4
QUESTIONS = {
    "q1": [("scale_", "x = np.ones(3)\nassert scale_(x) is None\nassert (x == 2).all(), x", False),
           ("scale_", "x = np.ones((2, 2))\nscale_(x[0])\nassert (x == [[2, 2], [1, 1]]).all(), x", True)],
    "q2": [("add_into", "x = np.ones(2)\nadd_into(x, x)\nassert (x == 2).all(), x", False),
           ("add_into", "x, y = np.ones(2), np.arange(2.0)\nout = add_into(x, y)\n"
                        "assert out is x and (x == [1, 2]).all() and (y == [0, 1]).all()", False)],
    "q3": [("push", "items = [1]\nstate = {'t': 0}\npush(items, state)\nassert items == [1, 2], items\n"
                    "assert state == {'t': 1, 'm': 0.5}, state", False),
           ("transpose_all", "W = np.ones((2, 3))\nlayers = [(W, 0)]\ntranspose_all(layers)\n"
                             "assert layers[0][0].shape == (3, 2) and W.shape == (2, 3), layers", False)],
    "q4": [("timed", "assert timed() == 1", False),
           ("captured", "assert captured() == 'hi\\n'", False),
           ("written", "assert written() == 'hello\\n'", False),
           ("env", "assert env.get('timed_only') is None and env['kept'] == 3", False)],
    "q5": [("sigmoid", "assert abs(sigmoid(0.0) - 0.5) < 1e-12", False),
           ("sigmoid", "assert abs(sigmoid(2.0) - 0.8807970779778823) < 1e-12", True)],
    "q6": [("relu", "assert relu(-1.0) == 0 and relu(2.0) == 2", False),
           ("relu", "assert relu(3.0) == 3", True)],
    "q7": [("tanh_grad", "assert tanh_grad(0.0) == 1", False)],
    "q8": [("double", "assert double(2) == 4", False)],
    "q9": [("backprop", "import torch\nw = torch.ones(2, dtype=torch.float64, requires_grad=True)\n"
                        "backprop(w)\nassert w.grad.tolist() == [3.0, 3.0], w.grad\n"
                        "assert w.tolist() == [0.7, 0.7], w", False)],
    "q10": [("overflow", "with np.errstate(over='raise'):\n    try:\n        overflow()\n"
                         "    except FloatingPointError:\n        pass\n    else:\n"
                         "        raise AssertionError('no FloatingPointError')\nassert overflow() == np.inf", False)],
}


def autograder(tmp_path, questions: dict = QUESTIONS) -> Assignment:
    path = tmp_path / "parts-autograder.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for q, cases in questions.items():
            text = HEADER.format(name=q)
            for i, (params, body, hidden) in enumerate(cases):
                indented = "\n".join("    " + line for line in body.splitlines())
                text += CASE.format(name=q, i=i, params=params, hidden=hidden, body=indented)
            zf.writestr(f"tests/{q}.py", text)
        zf.writestr("otter_config.json", json.dumps({"assignment_name": "parts"}))
    return resolve_assignment(str(path))[0]


ANSWERS = {
    "q1": "def scale_(x):\n    x *= 2\n",
    "q2": "def add_into(a, b):\n    a += b\n    return a\n",
    "q3": ("def push(items, state):\n    items.append(2)\n    state['t'] += 1\n    state['m'] = 0.5\n",
           "def transpose_all(layers):\n    for i, (W, b) in enumerate(layers):\n        layers[i] = (W.T, b)\n"),
    "q4": ("%%time\ndef timed():\n    return 1\n",
           "%%capture cap\nprint('hi')\n",
           "def captured():\n    return cap.stdout\n",
           "%%writefile data.txt\nhello\n",
           "%matplotlib inline\nkept = %time 3\ndef written():\n    return open('data.txt').read()\n",
           "%%timeit -n 1\ntimed_only = 5\n"),
    "q5": "import numpy as np\ndef sigmoid(z):\n    z = np.asarray(z, dtype=float)\n    ...\n",
    "q6": "from dlbook.nn import relu\n",
    "q7": "def tanh_grad(z):\n    from dlbook.nn import activations\n    return 1.0\n",
    "q8": "def doubled(x):\n    return 2 * x\n",  # the test asks for `double`
    "q10": "def overflow():\n    return np.exp(np.float64(1000.0))\n",
    "q9": "import torch\ndef backprop(w):\n    (3 * w).sum().backward()\n    with torch.no_grad():\n"
          "        w -= 0.1 * w.grad\n",
}


def notebook(answers: dict[str, str | tuple[str, ...]], top: str = "import numpy as np") -> bytes:
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": 'import otter\ngrader = otter.Notebook("parts.ipynb")'},
             {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": top}]
    for q, answer in answers.items():
        for source in (answer,) if isinstance(answer, str) else answer:
            cells.append({"cell_type": "markdown", "metadata": {}, "source": f"**Question {q}**"})
            cells.append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                          "source": source})
        cells.append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                      "source": f'grader.check("{q}")'})
    return json.dumps({"cells": cells, "metadata": {"otter": {"assignment_name": "parts"}},
                       "nbformat": 4, "nbformat_minor": 5}).encode()


def graded(assignment: Assignment, nb: bytes, timeout: float = 30) -> Outcome:
    return grade(parse(nb).cells, nb, "parts.ipynb", assignment, Limits(timeout=timeout),
                 Isolation(bwrap=False, drop_root=False), uid=None)


@pytest.fixture(scope="module")
def outcome(tmp_path_factory) -> tuple[Assignment, Outcome]:
    assignment = autograder(tmp_path_factory.mktemp("autograder"))
    return assignment, graded(assignment, notebook(ANSWERS))


def question(outcome, name: str):
    return next(q for q in outcome[1].questions if q.name == name)


def test_in_place_updates_reach_the_test_as_in_a_kernel(outcome):
    q1 = question(outcome, "q1")
    assert [c.passed for c in q1.cases] == [True, True], q1  # an update of a view reaches its base
    q3 = question(outcome, "q3")
    assert q3.score == q3.possible, q3
    q9 = question(outcome, "q9")  # a tensor's value and its gradient
    assert [(c.passed, c.message) for c in q9.cases] == [(True, "")]


def test_one_array_passed_twice_is_one_array_and_an_answer_can_return_its_argument(outcome):
    q2 = question(outcome, "q2")
    assert [(c.passed, c.message) for c in q2.cases] == [(True, ""), (True, "")]


def test_the_tests_numpy_error_handling_holds_in_the_call(outcome):
    q10 = question(outcome, "q10")
    assert [(c.passed, c.message) for c in q10.cases] == [(True, "")]


def test_magics_run_as_ipython_runs_them(outcome):
    q4 = question(outcome, "q4")
    assert [(c.passed, c.message) for c in q4.cases] == [(True, "")] * 4


def test_a_question_still_at_its_placeholder_gets_one_line(outcome, tmp_path):
    assignment, result = outcome
    q5 = question(outcome, "q5")
    assert (q5.score, q5.note) == (0, NOT_ANSWERED)
    folder = report.write_submission_files(tmp_path, "alice.ipynb", result, assignment)
    feedback = (folder / "feedback.txt").read_text()
    assert "q5: not answered yet (0 / 2)" in feedback and "q5 0 failed" not in feedback
    tests = {t["name"]: t for t in json.loads((folder / "results.json").read_text())["tests"]}
    assert tests["q5"]["output"] == "q5: not answered yet"
    assert "q5: not answered yet" in tests["Public Tests"]["output"]


def test_importing_the_reference_package_earns_nothing(outcome):
    for name in ("q6", "q7"):  # in a question's cell; inside a function, when a test calls it
        q = question(outcome, name)
        assert (q.score, q.note) == (0, REFERENCE_NOTE), q
    assert "ModuleNotFoundError: No module named 'dlbook'" in outcome[1].note


def test_a_name_never_defined_is_said_once(outcome, tmp_path):
    assignment, result = outcome
    q8 = question(outcome, "q8")
    assert q8.score == 0 and q8.cases[0].note.startswith("`double` is not defined in your notebook")
    text = report.feedback("alice.ipynb", result, assignment)
    assert "`double` is not defined in your notebook: run the cell that defines it, and check its name" in text
    assert "NoneType" not in text and "q8 0 failed" not in text


def test_the_notebook_runs_once_for_public_and_hidden_tests(tmp_path):
    """A cell taking 60% of the time limit fits, and runs once: the hidden tests reuse the worker."""
    assignment = autograder(tmp_path, {"q8": [*QUESTIONS["q8"], ("double", "assert double(3) == 6", True)]})
    timeout = 5.0
    nb = notebook({"q8": "def double(x):\n    return 2 * x\n"},
                  top=f"import time\ntime.sleep({0.6 * timeout})")
    start = time.monotonic()
    result = graded(assignment, nb, timeout=timeout)
    assert (result.status, result.score) == ("ok", 2.0), result
    assert 0.6 * timeout < time.monotonic() - start < 2 * 0.6 * timeout


@pytest.mark.parametrize("source, placeholder", [
    ("def f(x):\n    x = np.asarray(x)\n    ...\n", True),
    ("def f(x):\n    ...\n", True),
    ("def f(x):\n    ...\n    return 2 * x\n", False),
    ("def f(x):\n    return ...\n", False),
    ("def f(x):\n    pass\n", False),
    ("class F:\n    def __init__(self):\n        ...\n    def __call__(self, x):\n        ...\n", True),
])
def test_placeholders_are_the_templates_bare_ellipsis(source, placeholder):
    import linecache

    name = f"<placeholder {abs(hash(source))}>"
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    env: dict = {"np": None}
    exec(compile(source, name, "exec"), env)
    value = env.get("f", env.get("F"))
    assert is_placeholder(value) is placeholder
    assert is_placeholder(...) and not is_placeholder(0) and not is_placeholder(print)


def test_cells_belong_to_the_question_checked_after_them():
    cells = [[1, "import otter"], [3, "def f(): ..."], [4, 'grader.check("q1")'], [6, "x = 1"],
             [7, "grader.check('q2')"], [9, "print('done')"]]
    assert questions_of_cells(cells) == {1: "q1", 3: "q1", 4: "q1", 6: "q2", 7: "q2"}
