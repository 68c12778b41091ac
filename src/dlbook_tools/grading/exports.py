"""Gradebooks other tools import: Canvas's gradebook CSV and otter's ``final_grades.csv``.

Both are written from :class:`GradeRow` s (plain data; :func:`grade_rows` makes them from a
collected submission and its outcome), beside ``grades.csv``, which stays the complete record.

``canvas.csv`` -- what Canvas's Gradebook "Import" accepts, as its importer reads it
(instructure/canvas-lms ``lib/gradebook_importer.rb``):

- the header is ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per
  assignment (``row_has_student_headers?`` wants ``Student`` then ``ID``;
  ``update_column_count`` takes ``SIS User ID`` and ``SIS Login ID`` as student columns;
  the last student column must be ``Section``);
- the assignment column is ``<name> (<assignment id>)`` to grade an existing Canvas
  assignment by id (``Assignment.title_and_id`` reads a trailing `` (<digits>)`` as the id),
  or ``<name>`` alone, matched by exact title or created as a new assignment; so a name
  that ends in `` (<digits>)`` without an id, or that contains a column Canvas reads as a
  total (``Current Score``, ``Final Grade``, ... ``NON_ASSIGNMENT_COLUMN_HEADERS``), is refused;
- a second row whose first cell is ``Points Possible`` gives the assignment's points
  (``check_for_non_student_row`` / ``process_pp``), used when Canvas creates it;
- each student is found by ``ID`` (the Canvas user id, known from a Canvas download), else
  by ``SIS User ID``, then ``SIS Login ID``, then by name (``process_student``). A Gradescope
  export gives the SID (as SIS User ID) and e-mail (as SIS Login ID); an nbgrader tree the
  student id (as SIS Login ID, the hub login); a GitHub username matches nothing, so
  Canvas asks who it is;
- an empty grade changes nothing (``no_score?``): a submission that was not graded (no
  question ran) is left empty rather than given 0.

``final_grades.csv`` -- otter-grader's ``otter grade`` output (``otter/grade/utils.py``,
``merge_scores_to_df``, otter 7): columns ``file``, one per question in Python's sorted
order, ``total_points_earned``, ``percent_correct``, ``grading_status``; a first row
``points-per-question`` with each question's points, the total, ``1.0`` and ``--``; then
one row per submission sorted by ``file``, ``grading_status`` ``Completed``, or the failure
with every score 0 (otter's "catastrophic failure"). ``percent_correct`` is rounded to 4
digits, as otter's ``GradingResults.percent``. ``file`` is the submission's key (otter
uses the notebook's base name, which two students' submissions may share).

Text cells come from submissions and LMS metadata, so a cell that a spreadsheet would run
as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written
with a leading ``'``. Files are written whole, then renamed into place.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dlbook_tools.grading.collect import Collected, Member
from dlbook_tools.grading.results import Outcome

CANVAS_STUDENT_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_POINTS_ROW = "Points Possible"
# gradebook_importer.rb NON_ASSIGNMENT_COLUMN_HEADERS: a header containing one is not an assignment
CANVAS_NOT_ASSIGNMENTS = ("Current Score", "Current Points", "Current Grade", "Final Score", "Final Points",
                          "Final Grade", "Override Score", "Override Grade", "Override Status")

OTTER_FILE = "file"
OTTER_TOTAL = "total_points_earned"
OTTER_PERCENT = "percent_correct"
OTTER_STATUS = "grading_status"
OTTER_POINTS_ROW = "points-per-question"
OTTER_COMPLETED = "Completed"


@dataclass(frozen=True)
class GradeRow:
    """One student's grade on one submission, as the exports need it."""

    student: str
    submission: str                      # the submission's key (grades.csv's `submission`)
    scores: Mapping[str, float] = field(default_factory=dict)  # points per question graded
    total: float | None = None           # None: not graded (Canvas's cell is left empty)
    status: str = "ok"
    note: str = ""
    canvas_id: str = ""                  # Canvas user id
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""


def grade_rows(c: Collected, outcome: Outcome) -> list[GradeRow]:
    """The rows of one collected submission: one per student behind it (a group has several)."""
    graded = bool(outcome.questions)
    scores = {q.name: q.score for q in outcome.questions}
    members = c.members or (Member(c.student, c.student_id, c.email),)
    rows = []
    for m in members:
        canvas_id = m.id if c.layout == "canvas" and m.id.isdigit() else ""
        sis_user = m.id if c.layout == "gradescope" and m.id and m.id != m.email else ""
        sis_login = m.email if c.layout == "gradescope" else m.id if c.layout == "nbgrader" else ""
        rows.append(GradeRow(m.name, c.key, scores, outcome.score if graded else None, outcome.status,
                             outcome.note, canvas_id, sis_user, sis_login))
    return rows


# -- Canvas ---------------------------------------------------------------------------------------

def canvas_header(assignment_name: str, canvas_assignment_id: str | int | None = None) -> list[str]:
    """Canvas's import header; ValueError for an assignment name Canvas would misread."""
    name = " ".join(assignment_name.split())
    if not name:
        raise ValueError("the Canvas assignment column needs a name")
    for word in CANVAS_NOT_ASSIGNMENTS:
        if word in name:
            raise ValueError(f"Canvas ignores a column whose name contains {word!r}: rename the assignment")
    if canvas_assignment_id is not None:
        if not str(canvas_assignment_id).isdigit():
            raise ValueError(f"a Canvas assignment id is a number, not {canvas_assignment_id!r}")
        return [*CANVAS_STUDENT_COLUMNS, f"{name} ({canvas_assignment_id})"]
    if re.search(r"\s\(\d+\)\Z", name):
        raise ValueError(f"Canvas reads the end of {name!r} as an assignment id: pass the id, or rename it")
    return [*CANVAS_STUDENT_COLUMNS, name]


def canvas_records(assignment_name: str, max_score: float, rows: Sequence[GradeRow],
                   canvas_assignment_id: str | int | None = None) -> list[list[str]]:
    """The rows of canvas.csv: header, Points Possible, one per student."""
    records = [canvas_header(assignment_name, canvas_assignment_id),
               [CANVAS_POINTS_ROW, "", "", "", "", number(max_score)]]
    for r in rows:
        records.append([text(r.student), text(r.canvas_id), text(r.sis_user_id), text(r.sis_login_id), text(r.section),
                        "" if r.total is None else number(r.total)])
    return records


# -- otter ------------------------------------------------------------------------------------------

def final_grades_records(questions: Sequence[tuple[str, float]], rows: Sequence[GradeRow]) -> list[list[str]]:
    """The rows of otter's final_grades.csv; one per submission (a group's appears once)."""
    names = sorted(q for q, _ in questions)  # otter: sorted(c for c in cols if not a fixed column)
    possible = dict(questions)
    total_possible = sum(possible.values())
    records = [[OTTER_FILE, *names, OTTER_TOTAL, OTTER_PERCENT, OTTER_STATUS],
               [OTTER_POINTS_ROW, *(otter_number(possible[q]) for q in names), otter_number(total_possible),
                otter_number(1), "--"]]
    seen: set[str] = set()
    body = []
    for r in rows:
        if r.submission in seen:
            continue
        seen.add(r.submission)
        if r.total is None or r.status != "ok":
            reason = r.status + (f": {' '.join(r.note.split())}" if r.note else "")
            body.append([text(r.submission), *("0.0" for _ in names), "0.0", "0.0", text(reason)])
        else:
            percent = round(r.total / total_possible, 4) if total_possible else 0
            body.append([text(r.submission), *(otter_number(r.scores.get(q, 0.0)) for q in names),
                         otter_number(r.total), otter_number(percent), OTTER_COMPLETED])
    body.sort(key=lambda rec: rec[0])  # otter: sort_values(by="file")
    return records + body


# -- writing ----------------------------------------------------------------------------------------

def write_canvas_csv(path: Path, assignment_name: str, max_score: float, rows: Sequence[GradeRow],
                     canvas_assignment_id: str | int | None = None) -> Path:
    return write_csv(path, canvas_records(assignment_name, max_score, rows, canvas_assignment_id))


def write_final_grades_csv(path: Path, questions: Sequence[tuple[str, float]], rows: Sequence[GradeRow]) -> Path:
    return write_csv(path, final_grades_records(questions, rows))


def write_csv(path: Path, records: Sequence[Sequence[str]]) -> Path:
    """`records` as CSV at `path`, written whole to a temporary file and renamed into place."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(records)  # RFC 4180, as spreadsheets write it
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path


def number(x: float) -> str:
    """A score for Canvas: at most 4 decimals, no exponent, no trailing zeros."""
    s = f"{round(float(x), 4):.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def otter_number(x: float) -> str:
    """A number as pandas writes otter's float columns (1.0, 0.5)."""
    return repr(round(float(x), 6) + 0.0)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text(value: str) -> str:
    """A text cell, never a formula: one starting =, +, -, @, tab or CR gets a leading '."""
    value = str(value)
    return "'" + value if value[:1] in FORMULA_START else value


def untext(value: str) -> str:
    """The text :func:`text` was given (to read back a CSV this module's rules wrote)."""
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_START else value


CANVAS_FILE = "canvas.csv"
FINAL_GRADES_FILE = "final_grades.csv"


def write_all(out: Path, assignment_name: str, questions: Sequence[tuple[str, float]], max_score: float,
              graded: Sequence[tuple[Collected, Outcome]], canvas: tuple[str, str | None]) -> list[Path]:
    """canvas.csv (students by name; `canvas` is the assignment's column name and Canvas id)
    and final_grades.csv in `out`, from every graded submission."""
    rows = [r for c, outcome in graded for r in grade_rows(c, outcome)]
    by_name = sorted(rows, key=lambda r: (r.student.casefold(), r.submission))
    return [write_canvas_csv(out / CANVAS_FILE, canvas[0], max_score, by_name, canvas[1]),
            write_final_grades_csv(out / FINAL_GRADES_FILE, questions, rows)]
