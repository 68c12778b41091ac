"""The reader's path without a clone: the downloaded folder alone (notebook, public tests,
requirements.txt) is enough, in a fresh virtual environment without dlbook."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from support import GRADING_FIXTURE

# Runs inside the fresh venv: the solution must pass every public test, the blank template none.
CHECK = """
import glob, json, sys
from otter.execute import grade_notebook
try:
    import dlbook  # noqa: F401
    sys.exit("dlbook is importable in the reader's environment")
except ImportError:
    pass
out = {}
for nb in ("solution.ipynb", sys.argv[1]):
    r = grade_notebook(nb, tests_glob=sorted(glob.glob("tests/q*.py")), test_dir="tests", cwd=".")
    out[nb] = {q: [float(getattr(t, "test_file", t).score), float(getattr(t, "test_file", t).possible)]
               for q, t in r.results.items()}
print(json.dumps(out))
"""


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ch03-losses"])  # a numpy-only set
def test_download_works_in_a_fresh_venv_without_dlbook(built_sets, name, tmp_path):
    ex = built_sets[name]
    folder = tmp_path / name
    shutil.copytree(ex.student_notebook.parent, folder)
    shutil.copy(ex.solution_notebook, folder / "solution.ipynb")
    requirements = (folder / "requirements.txt").read_text()
    assert "otter-grader==" in requirements and "numpy==" in requirements
    assert "torch" not in requirements  # a numpy-only set does not make readers install torch
    assert "README.md" in {p.name for p in folder.iterdir()}

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    install = subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                              "-r", "requirements.txt"], cwd=folder, capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    run = subprocess.run([str(py), "-c", CHECK, f"{name}.ipynb"], cwd=folder, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    import json

    scores = json.loads(run.stdout.strip().splitlines()[-1])
    solution, blank = scores["solution.ipynb"], scores[f"{name}.ipynb"]
    assert solution and all(earned == possible > 0 for earned, possible in solution.values()), solution
    assert all(earned == 0 for earned, _ in blank.values()), blank


def test_torch_sets_list_torch_and_numpy_sets_do_not(built_sets):
    for name, ex in built_sets.items():
        if name == GRADING_FIXTURE.name:
            continue
        uses_torch = any("torch" in p.read_text() for p in ex.public_tests.glob("q*.py"))
        requirements = (ex.student_notebook.parent / "requirements.txt").read_text()
        assert ("torch==" in requirements) == uses_torch, name
