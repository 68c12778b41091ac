"""`dlbook check` and `grader.check` on the notebook a reader downloads, fills in and checks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from support import exercise_sets, insert_mistake, run_cli

SETS = [ex.name for ex in exercise_sets()]


def download(ex, into: Path) -> Path:
    """What a reader gets from the chapter page: the student folder, unzipped."""
    folder = into / ex.name
    shutil.copytree(ex.build / "student", folder)
    return folder / f"{ex.name}.ipynb"


def fill(ex, notebook: Path, wrong: Path | None = None) -> Path:
    """Answer every question with the reference solution, optionally one with a mutant."""
    student = nbformat.read(notebook, as_version=4)
    solution = nbformat.read(ex.solution_notebook, as_version=4)
    assert len(student.cells) == len(solution.cells)
    for mine, ref in zip(student.cells, solution.cells):
        mine.source = ref.source
    if wrong is not None:
        insert_mistake(student, wrong)
    nbformat.write(student, notebook)
    return notebook


@pytest.mark.slow
@pytest.mark.parametrize("name", SETS)
def test_check_passes_a_correct_notebook_and_prints_a_table(built_sets, name, tmp_path):
    ex = built_sets[name]
    nb = fill(ex, download(ex, tmp_path))
    proc = run_cli("check", str(nb))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    n = len(list(ex.public_tests.glob("q*.py")))
    assert f"{n}/{n} questions pass their public tests" in proc.stdout
    assert "FAIL" not in proc.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", SETS)
def test_check_fails_one_wrong_answer_and_names_it(built_sets, name, tmp_path):
    ex = built_sets[name]
    q, _, mutant = ex.mutants()[0]
    nb = fill(ex, download(ex, tmp_path), wrong=mutant)
    proc = run_cli("check", str(nb))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    failing = [line.split()[0] for line in proc.stdout.splitlines() if line.endswith("FAIL")]
    assert failing == [q], proc.stdout


@pytest.mark.slow
def test_check_fails_the_blank_notebook(built_sets, tmp_path):
    ex = next(iter(built_sets.values()))
    proc = run_cli("check", str(download(ex, tmp_path)))
    assert proc.returncode == 1
    assert "0/" in proc.stdout.splitlines()[-1]


@pytest.mark.slow
@pytest.mark.parametrize("name", SETS)
def test_grader_check_works_inside_the_downloaded_notebook(built_sets, name, tmp_path):
    """Execute the filled notebook in a Jupyter kernel, as a reader does; every check passes."""
    from nbclient import NotebookClient

    ex = built_sets[name]
    nb_path = fill(ex, download(ex, tmp_path))
    nb = nbformat.read(nb_path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(nb_path.parent)}}).execute()
    checks = [c for c in nb.cells if c.cell_type == "code" and "grader.check(" in c.source]
    assert checks
    for cell in checks:
        text = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "")
                       for o in cell.outputs)
        assert "All test cases passed" in text, (cell.source, text)


# Every way a file can be wrong: exit status 2 and one line that says what to do.
def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _bad_files(ex, tmp: Path):
    plain_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    other = nbformat.read(ex.student_notebook, as_version=4)
    other.metadata["otter"]["assignment_name"] = "some-other-course"
    return {
        "missing": (tmp / "nope.ipynb", "no such file"),
        "empty": (_write(tmp / "empty.ipynb", b""), "is empty"),
        "not json": (_write(tmp / "script.ipynb", b"def f():\n    return 1\n"), "not valid JSON"),
        "binary": (_write(tmp / "junk.ipynb", bytes(range(256)) * 4), "not UTF-8"),
        "json, not a notebook": (_write(tmp / "data.ipynb", b'{"a": [1, 2]}'), "not a Jupyter notebook"),
        "a notebook, not an exercise": (_write(tmp / "plain.ipynb", nbformat.writes(plain_nb).encode()),
                                        "not a dlbook exercise"),
        "another assignment": (_write(tmp / "other.ipynb", nbformat.writes(other).encode()),
                               "some-other-course"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "not json", "binary", "json, not a notebook",
                                  "a notebook, not an exercise", "another assignment"])
def test_check_rejects_bad_files_in_one_line(built_sets, tmp_path, case):
    ex = next(iter(built_sets.values()))
    path, expected = _bad_files(ex, tmp_path)[case]
    proc = run_cli("check", str(path))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("dlbook: error:"), proc.stderr
    assert expected in proc.stderr and "Traceback" not in proc.stderr


def test_check_rejects_a_notebook_of_another_set(built_sets, tmp_path):
    ex = next(iter(built_sets.values()))
    nb = download(ex, tmp_path)
    proc = run_cli("check", str(nb), "--set", "ch99-elsewhere")
    assert proc.returncode == 2 and f"belongs to set '{ex.name}', not 'ch99-elsewhere'" in proc.stderr
    (nb.parent / "tests" / ".set").write_text("ch99-elsewhere\n")  # tests of another set beside it
    proc = run_cli("check", str(nb))
    assert proc.returncode == 2 and "tests in" in proc.stderr and "ch99-elsewhere" in proc.stderr


@pytest.mark.slow
def test_check_applies_gradings_rules_and_leaves_nothing_beside_the_notebook(built_sets, tmp_path):
    """One question imports dlbook, one is left at its `...`: one line each, as in grading;
    and the folder is as it was (no .OTTER_LOG, no file the notebook wrote)."""
    from dlbook_tools.grading.answers import NOT_ANSWERED, REFERENCE_NOTE

    ex = built_sets[SETS[0]]
    nb_path = download(ex, tmp_path)
    student = nbformat.read(nb_path, as_version=4)
    solution = nbformat.read(ex.solution_notebook, as_version=4)
    checks = [i for i, c in enumerate(student.cells) if c.cell_type == "code" and "grader.check(" in c.source]
    assert len(checks) >= 3
    first, second = (re.search(r'grader\.check\("(\w+)"\)', student.cells[i].source)[1] for i in checks[:2])
    for i, (mine, ref) in enumerate(zip(student.cells, solution.cells)):
        if not checks[0] < i < checks[1]:  # the second question stays at its template
            mine.source = ref.source
    student.cells.insert(checks[0], nbformat.v4.new_code_cell("import dlbook.nn"))
    student.cells.insert(0, nbformat.v4.new_code_cell("%%writefile notes.txt\nscratch"))
    nbformat.write(student, nb_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    proc = run_cli("check", str(nb_path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{first}: {REFERENCE_NOTE}" in proc.stdout and f"{second}: {NOT_ANSWERED}" in proc.stdout, proc.stdout
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_a_kernel_that_does_not_start_is_started_again_then_said_in_one_line(built_sets, tmp_path, monkeypatch):
    import otter.execute

    from dlbook_tools.errors import UserError
    from dlbook_tools.exercises.check import KERNEL_STARTS, check

    ex = built_sets["ch03-losses"]
    nb = fill(ex, download(ex, tmp_path))
    real, starts = otter.execute.grade_notebook, []

    def flaky(*args, **kwargs):  # dies as it starts, once
        starts.append(1)
        if len(starts) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(*args, **kwargs)

    monkeypatch.setattr(otter.execute, "grade_notebook", flaky)
    assert all(c.passed == c.total for c in check(nb, None, None)) and len(starts) == 2

    def dead(*args, **kwargs):
        starts.append(1)
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(otter.execute, "grade_notebook", dead)
    starts.clear()
    with pytest.raises(UserError, match="the Jupyter kernel did not start") as err:
        check(nb, None, None)
    assert len(starts) == KERNEL_STARTS and "\n" not in str(err.value)
