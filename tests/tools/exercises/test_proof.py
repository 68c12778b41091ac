"""Every exercise set proves its own tests, and its built artefacts hold what they should."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from dlbook_tools.exercises.proof import is_otter_cell
from support import exercise_sets, insert_mistake, run_cli

SETS = [ex.name for ex in exercise_sets()]


@pytest.mark.parametrize("name", SETS)
def test_set_proves_itself(built_sets, name):
    """Solution full marks, blank zero, every mutant loses points on public and hidden tests."""
    # Through the CLI, in a process of its own: prove forks grader processes, and forking
    # this test process (which by now holds torch's and other libraries' threads) can
    # deadlock a child on a lock some thread held at the fork.
    proc = run_cli("exercises", "prove", name, timeout=900)
    assert proc.returncode == 0 and "sound:" in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", SETS)
def test_every_test_case_has_explicit_points_and_a_message(built_sets, name):
    master = built_sets[name].master.read_text()
    configs = re.findall(r'""" # BEGIN TEST CONFIG\n(.*?)""" # END TEST CONFIG', master, re.S)
    assert configs, "no exception-based test cells found"
    for config in configs:
        assert re.search(r"^points: *\d", config, re.M), config
        assert re.search(r"^failure_message: *\S", config, re.M), config


@pytest.mark.parametrize("name", SETS)
def test_hidden_tests_stay_out_of_the_student_build(built_sets, name):
    ex = built_sets[name]
    hidden_funcs = set()
    for path in ex.all_tests.glob("q*.py"):
        hidden_funcs |= set(re.findall(r"hidden=True.*?\ndef (\w+)", path.read_text(), re.S))
    assert hidden_funcs, "every set has hidden tests"
    student_text = "".join(p.read_text() for p in (ex.build / "student").rglob("*") if p.is_file())
    leaked = [f for f in hidden_funcs if f in student_text]
    assert not leaked, f"hidden tests visible to students: {leaked}"
    assert "hidden=True" not in student_text


def _notebook_with_mistake(source_nb: Path, mutant: Path, target: Path) -> Path:
    nb = nbformat.read(source_nb, as_version=4)
    insert_mistake(nb, mutant)
    nbformat.write(nb, target)
    return target


def _otter_run(zip_path: Path, notebook: Path, out: Path) -> tuple[float, float]:
    out.mkdir()
    proc = subprocess.run([sys.executable, "-m", "otter", "run", "-a", str(zip_path), "-o", str(out),
                           str(notebook)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tests = json.loads((out / "results.json").read_text())["tests"]
    scored = [t for t in tests if "max_score" in t]
    return sum(t["score"] for t in scored), sum(t["max_score"] for t in scored)


@pytest.mark.slow
@pytest.mark.parametrize("name", SETS)
def test_otter_run_on_the_autograder_zip(built_sets, name, tmp_path):
    """End to end with otter's own runner (what Gradescope runs): solution full, a mutant less."""
    ex = built_sets[name]
    zip_names = zipfile.ZipFile(ex.autograder_zip).namelist()
    assert "run_autograder" in zip_names and any(n.startswith("tests/q") for n in zip_names)
    earned, possible = _otter_run(ex.autograder_zip, ex.solution_notebook, tmp_path / "solution")
    assert possible > 0 and earned == possible
    q, mistake, mutant = ex.mutants()[0]
    wrong = _notebook_with_mistake(ex.solution_notebook, mutant, tmp_path / f"{name}.ipynb")
    earned_wrong, possible_wrong = _otter_run(ex.autograder_zip, wrong, tmp_path / "mutant")
    assert possible_wrong == possible and earned_wrong < possible, f"{q}_{mistake} not caught"


@pytest.mark.parametrize("name", SETS)
def test_the_build_sizes_grading_limits_for_the_set(built_sets, name):
    from dlbook_tools.errors import UserError
    from dlbook_tools.grading.assignment import resolve_assignment

    ex = built_sets[name]
    limits = json.loads(ex.limits_file.read_text())
    assert limits["solution_seconds"] > 0
    assert limits["timeout"] >= max(30, 10 * limits["solution_seconds"] - 1)
    assert limits["memory"] >= 2048
    assert resolve_assignment(name)[1] == limits == resolve_assignment(str(ex.autograder_zip))[1]
    with pytest.raises(UserError, match="unknown exercise set"):
        resolve_assignment("no-such-set")


@pytest.mark.parametrize("source, otter", [
    ('# Initialize Otter\nimport otter\ngrader = otter.Notebook("ch02-perceptron.ipynb")', True),
    ('grader.check("q1")', True),
    ("grader.check_all()", True),
    ('# Save your notebook first\ngrader.export(pdf=False)', True),
    ("def plotter(ax):\n    return ax", False),          # a name containing "otter"
    ("import otter  # the reader experimenting", False),
    ('result = sigmoid(0.0)\ngrader.check("q1")', False),  # the reader's code beside a check
])
def test_only_otters_own_cells_are_dropped(source, otter):
    assert is_otter_cell(source) is otter
