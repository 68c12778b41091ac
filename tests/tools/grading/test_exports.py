"""The gradebooks other tools import: Canvas's import CSV and otter's final_grades.csv, cell
for cell, and read back with the csv module."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pytest

from dlbook_tools.grading import exports
from dlbook_tools.grading.collect import Collected, Member
from dlbook_tools.grading.exports import GradeRow, grade_rows
from dlbook_tools.grading.results import CaseResult, Outcome, QuestionResult

QUESTIONS = [("q1", 2.0), ("q10", 1.0), ("q2", 3.0)]


def rows() -> list[GradeRow]:
    return [
        GradeRow("smithjane", "dl.zip/smithjane_1001_5_hw.ipynb", {"q1": 2.0, "q2": 1.5, "q10": 1.0}, 4.5,
                 canvas_id="1001"),
        GradeRow("Ada Lovelace", "export/submission_101/hw.ipynb", {"q1": 0.0, "q2": 3.0, "q10": 0.0}, 3.0,
                 sis_user_id="0001", sis_login_id="ada@example.edu", section="L01"),
        GradeRow("=HYPERLINK(\"x\")", "a/crash.ipynb", {}, None, status="timeout", note="ran past 60 s"),
    ]


def read(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_canvas_csv_exact(tmp_path):
    path = exports.write_canvas_csv(tmp_path / "canvas.csv", "Ch. 2: Perceptron", 6, rows())
    assert read(path) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Ch. 2: Perceptron"],
        ["Points Possible", "", "", "", "", "6"],
        ["smithjane", "1001", "", "", "", "4.5"],
        ["Ada Lovelace", "", "0001", "ada@example.edu", "L01", "3"],
        ["'=HYPERLINK(\"x\")", "", "", "", "", ""],  # not graded: empty, and never a formula
    ]
    assert path.read_bytes().startswith(b"Student,ID,SIS User ID,SIS Login ID,Section,Ch. 2: Perceptron\r\n")


def test_canvas_header_with_assignment_id_and_names_canvas_misreads():
    assert exports.canvas_header("HW 2", 4711)[-1] == "HW 2 (4711)"
    with pytest.raises(ValueError, match="assignment id"):
        exports.canvas_header("HW (2)")
    with pytest.raises(ValueError, match="Final Grade"):
        exports.canvas_header("Final Grade project")
    with pytest.raises(ValueError, match="number"):
        exports.canvas_header("HW", "12a")


def test_final_grades_csv_has_otters_columns_and_rows(tmp_path):
    path = exports.write_final_grades_csv(tmp_path / "final_grades.csv", QUESTIONS, rows())
    assert read(path) == [
        ["file", "q1", "q10", "q2", "total_points_earned", "percent_correct", "grading_status"],
        ["points-per-question", "2.0", "1.0", "3.0", "6.0", "1.0", "--"],
        ["a/crash.ipynb", "0.0", "0.0", "0.0", "0.0", "0.0", "timeout: ran past 60 s"],
        ["dl.zip/smithjane_1001_5_hw.ipynb", "2.0", "1.0", "1.5", "4.5", "0.75", "Completed"],
        ["export/submission_101/hw.ipynb", "0.0", "0.0", "3.0", "3.0", "0.5", "Completed"],
    ]


def test_otter_columns_match_the_installed_otter():
    # read otter's constants from its source: importing otter.grade pulls in pandas and docker
    spec = importlib.util.find_spec("otter")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("otter-grader is not installed")
    source = (Path(list(spec.submodule_search_locations)[0]) / "grade" / "utils.py").read_text()
    constants = dict(re.findall(r'^(\w+) = "([^"]*)"$', source, re.M))
    assert (exports.OTTER_FILE, exports.OTTER_TOTAL, exports.OTTER_PERCENT, exports.OTTER_STATUS,
            exports.OTTER_POINTS_ROW) == (constants["SCORES_DICT_FILE_KEY"], constants["SCORES_DICT_TOTAL_POINTS_KEY"],
                                          constants["SCORES_DICT_PERCENT_CORRECT_KEY"],
                                          constants["SCORES_DICT_GRADING_STATUS_KEY"], constants["POINTS_POSSIBLE_LABEL"])


def test_grade_rows_one_per_group_member_with_the_ids_each_layout_gives():
    outcome = Outcome(questions=[QuestionResult("q1", 2.0, 2.0, [CaseResult("q1", "1", False, 2.0, True)])])
    group = Collected("A & B", Path("x.ipynb"), "gradescope", key="export/submission_1/x.ipynb",
                      members=(Member("A", "01", "a@x.edu"), Member("B", "b@x.edu", "b@x.edu")))
    a, b = grade_rows(group, outcome)
    assert (a.student, a.sis_user_id, a.sis_login_id, a.total) == ("A", "01", "a@x.edu", 2.0)
    assert (b.sis_user_id, b.sis_login_id) == ("", "b@x.edu")  # no SID: the e-mail is not one
    canvas = Collected("smithjane", Path("y.ipynb"), "canvas", key="k", student_id="1001",
                       members=(Member("smithjane", "1001"),))
    (row,) = grade_rows(canvas, Outcome(status="crashed"))
    assert (row.canvas_id, row.total, row.status) == ("1001", None, "crashed")
    anon = Collected("anon_x", Path("z"), "canvas", key="z", members=(Member("anon_x", "anon_x"),))
    assert grade_rows(anon, outcome)[0].canvas_id == ""


def test_numbers():
    assert [exports.number(x) for x in (0, 1, 2.5, 1 / 3, 1234567, -0.0)] == ["0", "1", "2.5", "0.3333", "1234567",
                                                                               "0"]
    assert [exports.otter_number(x) for x in (1, 0.5, 2 / 3)] == ["1.0", "0.5", "0.666667"]
