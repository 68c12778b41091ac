"""What grading leaves behind: the gradebook, per-submission feedback, the closing summary.

- ``grades.csv``: one row per submission (``submission, student, score, max_score, status``,
  one column per question, ``note``; the student as the submission's layout names them, see
  :mod:`~dlbook_tools.grading.collect`), appended and fsynced as each submission finishes, so
  an interrupted run keeps every row it wrote, and a re-run skips them. A text cell that a
  spreadsheet would run as a formula is written with a leading ``'``, as in the exports.
- ``submissions/<name>/results.json``: otter's Gradescope format (``score``, ``tests``).
- ``submissions/<name>/feedback.txt``: the same, for a person to read.

Feedback is written for students. A hidden test case shows only whether it passed, its
points and the author's failure message; never its name, source, inputs, expected
values or error text. A public case may also show its error, as ``dlbook check`` would.
A question not answered yet, or one that imported the reference package, gets one line
(``q3: not answered yet``) instead of a hint per case, and a name the notebook never
defined is said once, instead of the hints of the cases that needed it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import statistics
from pathlib import Path
from typing import Any

from dlbook_tools.errors import UserError
from dlbook_tools.grading.assignment import Assignment, natural_key
from dlbook_tools.grading.exports import text, untext
from dlbook_tools.grading.results import Outcome

FIXED = ["submission", "student", "score", "max_score", "status"]
TEXT_COLUMNS = ("submission", "student", "note")  # from submissions and LMS metadata: untrusted


def fmt(x: float) -> str:
    return f"{round(x, 4):g}"


def slug(key: str) -> str:
    """A folder name for a submission: readable, and unique through a short hash of its key."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", key.replace(os.sep, "__").replace("/", "__")).strip("._")
    digest = hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{readable[-80:] or 'submission'}-{digest}"


def header(assignment: Assignment) -> list[str]:
    return [*FIXED, *assignment.questions, "note"]


def row(key: str, student: str, outcome: Outcome, assignment: Assignment) -> dict[str, str]:
    scores = {q.name: fmt(q.score) for q in outcome.questions}
    r = {"submission": key, "student": student, "score": fmt(outcome.score), "max_score": fmt(assignment.max_score),
         "status": outcome.status}
    r.update({q: scores.get(q, "") for q in assignment.questions})
    r["note"] = " ".join(outcome.note.split())
    return r


def _case_lines(outcome: Outcome, public_only: bool = False) -> dict[str, list[str]]:
    lines: dict[str, list[str]] = {}
    for q in outcome.questions:
        out = lines.setdefault(q.name, [])
        if q.note:
            continue  # one line for the whole question: question_line
        hidden_n = 0
        for c in q.cases:
            hidden_n += c.hidden
            if c.passed or (public_only and c.hidden):
                continue
            if c.note:
                if c.note not in out:
                    out.append(c.note)
                continue
            pts = f"{fmt(c.points)} point{'s' if c.points != 1 else ''}"
            if c.hidden:
                out.append(f"hidden test {hidden_n} failed ({pts})" + (f": {c.hint}" if c.hint else ""))
            else:
                out.append(f"public test {c.name} failed ({pts})" + (f": {c.hint}" if c.hint else ""))
                if c.message:
                    out.append(f"    {c.message}")
    return lines


def question_line(name: str, note: str) -> str:
    """The one line of a question not answered yet, or that imported dlbook."""
    return f"{name}: {note}"


def _question_summary(name: str, lines: list[str], note: str = "") -> str:
    if note:
        return question_line(name, note)
    if not lines:
        return f"{name} results: All test cases passed!"
    return f"{name} results:\n" + "\n".join("    " + line for line in lines)


def results_json(outcome: Outcome, assignment: Assignment) -> dict:
    """Otter's Gradescope results format, with feedback safe to show students."""
    if not outcome.questions:
        return {"score": 0, "output": f"Not graded ({outcome.status}): {outcome.note}", "tests": []}
    public = _case_lines(outcome, public_only=True)
    everything = _case_lines(outcome)
    passed_public = all(c.passed for q in outcome.questions for c in q.cases if not c.hidden)
    notes = {q.name: q.note for q in outcome.questions}
    tests: list[dict[str, Any]] = [{"name": "Public Tests", "visibility": "visible",
                                    "output": "\n\n".join(_question_summary(q, public[q], notes[q]) for q in public),
                                    "status": "passed" if passed_public else "failed"}]
    for q in outcome.questions:
        tests.append({"name": q.name, "score": round(q.score, 5), "max_score": round(q.possible, 5),
                      "visibility": "after_published",
                      "output": _question_summary(q.name, everything[q.name], q.note)})
    result: dict[str, Any] = {"score": round(outcome.score, 5), "tests": tests}
    if outcome.status != "ok" or outcome.note:
        result["output"] = f"Status: {outcome.status}" + (f". {outcome.note}" if outcome.note else "")
    return result


def feedback(key: str, outcome: Outcome, assignment: Assignment) -> str:
    out = io.StringIO()
    out.write(f"{assignment.name}: feedback on {key}\n")
    out.write(f"Score: {fmt(outcome.score)} / {fmt(assignment.max_score)}\n")
    out.write(f"Status: {outcome.status}\n")
    if outcome.note:
        out.write(f"Note: {outcome.note}\n")
    if not outcome.questions:
        out.write("\nThis submission was not graded. Fix the problem above and submit again.\n")
        return out.getvalue()
    lines = _case_lines(outcome)
    out.write("\n")
    for q in outcome.questions:
        if q.note:
            out.write(f"{question_line(q.name, q.note)} ({fmt(q.score)} / {fmt(q.possible)})\n")
            continue
        mark = "all tests passed" if not lines[q.name] else ""
        out.write(f"{q.name:<6}{fmt(q.score):>6} / {fmt(q.possible):<6}{mark}\n")
        for line in lines[q.name]:
            out.write(f"    - {line}\n" if not line.startswith("    ") else f"        {line.strip()}\n")
    out.write("\nHidden tests use inputs you have not seen; their messages say what they check.\n")
    return out.getvalue()


def write_submission_files(out: Path, key: str, outcome: Outcome, assignment: Assignment) -> Path:
    folder = out / "submissions" / slug(key)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(results_json(outcome, assignment), indent=2) + "\n")
    (folder / "feedback.txt").write_text(feedback(key, outcome, assignment))
    return folder


def safe(r: dict[str, str]) -> dict[str, str]:
    """A row as written: its text from submissions (names, notes) never a spreadsheet formula."""
    return {k: text(v) if k in TEXT_COLUMNS else v for k, v in r.items()}


class Gradebook:
    """grades.csv: rows kept from earlier runs, and rows appended (and fsynced) as they come.
    With `reset` (``--force``), the rows of earlier runs go (their keys in :attr:`dropped`):
    the gradebook then holds exactly the submissions of this run."""

    def __init__(self, path: Path, assignment: Assignment, reset: bool = False):
        self.path = path
        self.header = header(assignment)
        self.rows: dict[str, dict[str, str]] = {}
        self.dropped: list[str] = []
        if reset and path.exists():
            with open(path, newline="", encoding="utf-8", errors="replace") as f:
                self.dropped = [untext(rec[0]) for rec in list(csv.reader(f))[1:] if rec and rec[0]]
        elif path.exists():
            with open(path, newline="", encoding="utf-8", errors="replace") as f:
                records = list(csv.reader(f))
            if records and records[0] != self.header:
                raise UserError(f"{path} has other columns than this assignment's gradebook (another "
                                f"assignment's, or an older dlbook's: {', '.join(records[0][:8])}…): "
                                "pass another --out, or --force to replace it")
            status = self.header.index("status")
            for rec in records[1:]:
                # A row cut short by a crash has too few fields, or no status: graded again.
                if len(rec) == len(self.header) and rec[0] and rec[status]:
                    r = {k: untext(v) if k in TEXT_COLUMNS else v for k, v in zip(self.header, rec)}
                    self.rows[r["submission"]] = r
        self._rewrite()
        self._file = open(path, "a", newline="", encoding="utf-8")
        self._writer = csv.DictWriter(self._file, fieldnames=self.header)

    def _rewrite(self, ordered: bool = False) -> None:
        rows = list(self.rows.values())
        if ordered:
            rows.sort(key=lambda r: natural_key(r["submission"]))
        tmp = self.path.with_suffix(".csv.tmp")
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=self.header)
            writer.writeheader()
            writer.writerows(safe(r) for r in rows)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)

    def add(self, r: dict[str, str]) -> None:
        self.rows[r["submission"]] = r
        self._writer.writerow(safe(r))
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self, ordered: bool = True) -> None:
        self._file.close()
        self._rewrite(ordered=ordered)


def summary(rows: list[dict[str, str]], max_score: float) -> str:
    """Counts per status, and the distribution of scores of the graded submissions."""
    lines = []
    statuses: dict[str, int] = {}
    for r in rows:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    order = sorted(statuses, key=lambda s: (s != "ok", -statuses[s], s))
    lines.append("status: " + ", ".join(f"{s} {statuses[s]}" for s in order))
    scores = [float(r["score"]) for r in rows if any(r.get(k) for k in r if k not in (*FIXED, "note"))]
    if not scores or max_score <= 0:
        return "\n".join(lines)
    lines.append(f"scores (of {fmt(max_score)}) of {len(scores)} graded: mean {fmt(statistics.mean(scores))},"
                 f" median {fmt(statistics.median(scores))}, min {fmt(min(scores))}, max {fmt(max(scores))}")
    buckets = [0] * 11
    for s in scores:
        buckets[min(10, int(10 * s / max_score + 1e-9))] += 1
    width = max(buckets)
    for i, n in enumerate(buckets):
        label = "100%" if i == 10 else f"{10 * i}-{10 * i + 9}%"
        bar = "#" * max(1 if n else 0, round(30 * n / width))
        lines.append(f"  {label:>7} {n:>4} {bar}")
    return "\n".join(lines)
