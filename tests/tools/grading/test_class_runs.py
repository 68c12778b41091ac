"""A class graded end to end as it hands in: an LMS export in, each student's latest
submission graded, and every gradebook out (grades.csv with the student, canvas.csv,
final_grades.csv) with the class report, on a re-run too. The layouts' naming is tested in
test_collect.py, the exports' formats in test_exports.py; this is their wiring in `dlbook grade`."""

from __future__ import annotations

import csv
import re
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest

from support import BIN, insert_mistake

SET = "ch03-losses"  # numpy only: quick to grade
MUTANT = "q1_naive.py"


@pytest.fixture(scope="module")
def ex():
    from dlbook_tools.exercises.build import build_set
    from dlbook_tools.exercises.sets import select

    found = select([SET])[0]
    build_set(found, log=lambda *_: None)
    return found


@pytest.fixture(scope="module")
def notebooks(ex) -> dict[str, bytes]:
    """The solution, the blank template, and the template answered with one mistake in q1."""
    solution = nbformat.read(ex.solution_notebook, as_version=4)
    wrong = nbformat.read(ex.student_notebook, as_version=4)
    for mine, ref in zip(wrong.cells, solution.cells):
        mine.source = ref.source
    insert_mistake(wrong, next(p for _, _, p in ex.mutants() if p.name == MUTANT))
    return {"solution": Path(ex.solution_notebook).read_bytes(), "blank": Path(ex.student_notebook).read_bytes(),
            "wrong": nbformat.writes(wrong).encode()}


def grade(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(BIN / "dlbook"), "grade", SET, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def table(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def hints(ex, question: str) -> list[str]:
    """The failure messages the autograder's tests of `question` carry (its own source, read here)."""
    with zipfile.ZipFile(ex.autograder_zip) as zf:
        source = zf.read(f"tests/{question}.py").decode()
    return re.findall(r'failure_message="((?:[^"\\]|\\.)*)"', source)


def test_a_canvas_zip_fills_every_gradebook_with_each_students_latest(ex, notebooks, tmp_path):
    with zipfile.ZipFile(tmp_path / "submissions.zip", "w") as zf:
        zf.writestr(f"smithjane_1001_50001_{SET}.ipynb", notebooks["blank"])        # superseded
        zf.writestr(f"smithjane_1001_50007_{SET}-1.ipynb", notebooks["solution"])   # re-uploaded, later id
        zf.writestr(f"doejohn_LATE_1002_50003_{SET}.ipynb", notebooks["wrong"])
        zf.writestr(f"leealex_1003_50004_{SET}.ipynb", notebooks["blank"])
    proc = grade("submissions.zip", "--out", "out", "--canvas-assignment", "Losses", "--canvas-assignment-id", "77",
                 cwd=tmp_path)
    out = tmp_path / "out"

    book = {r[1]: r for r in table(out / "grades.csv")[1:]}  # by student
    header = table(out / "grades.csv")[0]
    assert header[:5] == ["submission", "student", "score", "max_score", "status"]
    assert set(book) == {"smithjane", "doejohn", "leealex"}
    score, max_score = header.index("score"), header.index("max_score")
    assert book["smithjane"][score] == book["smithjane"][max_score]           # the latest: the solution
    assert 0 < float(book["doejohn"][score]) < float(book["doejohn"][max_score])
    assert book["leealex"][score] == "0"
    assert f"left out 1 other file: smithjane_1001_50001_{SET}.ipynb" in book["smithjane"][-1]

    canvas = table(out / "canvas.csv")
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Losses (77)"]
    assert canvas[1] == ["Points Possible", "", "", "", "", book["doejohn"][max_score]]
    assert {r[0]: (r[1], r[5]) for r in canvas[2:]} == {
        "smithjane": ("1001", book["smithjane"][score]), "doejohn": ("1002", book["doejohn"][score]),
        "leealex": ("1003", "0")}

    otter = table(out / "final_grades.csv")
    assert otter[0][0] == "file" and otter[0][-3:] == ["total_points_earned", "percent_correct", "grading_status"]
    assert otter[1][0] == "points-per-question"
    totals = {r[0]: float(r[-3]) for r in otter[2:]}
    assert totals == {r[0]: float(r[score]) for r in book.values()}

    page = (out / "class_report.html").read_text()
    assert "doejohn" in page and any(h in page for h in hints(ex, "q1")), "q1's diagnosis and who made it"
    feedback = re.search(r'<a href="([^"]+)"><bdi>doejohn</bdi></a>', page)
    assert feedback and "doejohn" in (out / feedback[1]).read_text(), "an example links to its feedback"
    assert not re.search(r"<(script|link|img)\b|\b(src|href)=\"(https?:)?//", page), "the page loads nothing"
    assert "What the class got wrong" in proc.stdout and "doejohn" in proc.stdout
    assert "not answered yet" in proc.stdout  # leealex's blank notebook: one line, not every hint


def test_a_gradescope_group_gets_one_row_per_member_in_canvas_and_one_in_otters(notebooks, tmp_path):
    export = tmp_path / "assignment_9_export"
    meta = """\
submission_1:
  :submitters:
  - :name: Ada Lovelace
    :sid: '0001'
    :email: ada@example.edu
  - :name: Grace Hopper
    :sid: '0002'
    :email: grace@example.edu
  :created_at: 2024-03-01 11:00:00.000000000 Z
submission_2:
  :submitters:
  - :name: Alan Turing
    :sid: ''
    :email: alan@example.edu
  :created_at: 2024-03-01 12:00:00.000000000 Z
"""
    for sub, nb in [("submission_1", "solution"), ("submission_2", "wrong")]:
        (export / sub).mkdir(parents=True)
        (export / sub / f"{SET}.ipynb").write_bytes(notebooks[nb])
    (export / "submission_metadata.yml").write_text(meta)
    grade(export.name, "--out", "out", cwd=tmp_path)
    out = tmp_path / "out"
    assert sorted(r[1] for r in table(out / "grades.csv")[1:]) == ["Ada Lovelace & Grace Hopper", "Alan Turing"]
    canvas = {r[0]: r[2:4] for r in table(out / "canvas.csv")[2:]}
    assert canvas == {"Ada Lovelace": ["0001", "ada@example.edu"], "Grace Hopper": ["0002", "grace@example.edu"],
                      "Alan Turing": ["", "alan@example.edu"]}
    assert len(table(out / "final_grades.csv")) == 2 + 2


def test_a_rerun_reports_the_rows_of_earlier_runs(ex, notebooks, tmp_path):
    subs = tmp_path / "subs"
    (subs / "alice").mkdir(parents=True)
    (subs / "alice" / f"{SET}.ipynb").write_bytes(notebooks["wrong"])
    grade("subs", "--out", "out", cwd=tmp_path)
    (subs / "bob").mkdir()
    (subs / "bob" / f"{SET}.ipynb").write_bytes(notebooks["solution"])
    again = grade("subs", "--out", "out", cwd=tmp_path)
    assert "Graded 1 submission " in again.stdout
    out = tmp_path / "out"
    assert {r[1] for r in table(out / "grades.csv")[1:]} == {"alice", "bob"}
    assert len(table(out / "final_grades.csv")) == 2 + 2 and len(table(out / "canvas.csv")) == 2 + 2
    page = (out / "class_report.html").read_text()
    assert "alice" in page and any(h in page for h in hints(ex, "q1")), "alice was graded in the first run"
    assert "(2 submissions, 2 graded)" in again.stdout


def test_a_canvas_column_canvas_would_misread_is_refused_before_grading(notebooks, tmp_path):
    (tmp_path / f"{SET}.ipynb").write_bytes(notebooks["solution"])
    proc = subprocess.run([str(BIN / "dlbook"), "grade", SET, f"{SET}.ipynb", "--out", "out",
                           "--canvas-assignment", "HW 3 Final Grade"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "Final Grade" in proc.stderr and not (tmp_path / "out").exists()


def test_nbgrader_and_github_classroom_name_their_students(notebooks, tmp_path):
    for student, stamp, nb in [("s1", "2024-03-01 10:00:00.000000 UTC", "wrong"),
                               ("s2", "2024-03-01 11:00:00.000000 UTC", "solution")]:
        folder = tmp_path / "course" / "submitted" / student / SET
        folder.mkdir(parents=True)
        (folder / f"{SET}.ipynb").write_bytes(notebooks[nb])
        (folder / "timestamp.txt").write_text(stamp)
    for user in ("octocat", "hubot"):
        repo = tmp_path / f"{SET}-submissions" / f"{SET}-{user}"
        (repo / ".git").mkdir(parents=True)
        (repo / f"{SET}.ipynb").write_bytes(notebooks["solution"])
    grade("course/submitted", f"{SET}-submissions", "--out", "out", cwd=tmp_path)
    book = {r[1]: r for r in table(tmp_path / "out" / "grades.csv")[1:]}
    assert set(book) == {"s1", "s2", "octocat", "hubot"}
    logins = {r[0]: r[3] for r in table(tmp_path / "out" / "canvas.csv")[2:]}
    assert logins == {"s1": "s1", "s2": "s2", "octocat": "", "hubot": ""}  # nbgrader's id is the hub login


def test_a_name_a_spreadsheet_would_run_is_text_in_every_gradebook_and_still_its_row(notebooks, tmp_path):
    subs = tmp_path / "subs"
    (subs / "=HYPERLINK(1)").mkdir(parents=True)
    (subs / "=HYPERLINK(1)" / f"{SET}.ipynb").write_bytes(notebooks["solution"])
    grade("subs", "--out", "out", cwd=tmp_path)
    for name in ("grades.csv", "canvas.csv"):
        cells = [c for r in table(tmp_path / "out" / name) for c in r]
        assert "'=HYPERLINK(1)" in cells and not any(c.startswith(("=", "+", "@")) for c in cells), name
    again = grade("subs", "--out", "out", cwd=tmp_path)  # read back as the same submission
    assert "Graded 0 submissions" in again.stdout and "1 of 1 submissions are already in" in again.stderr
