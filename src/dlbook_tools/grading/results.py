"""What grading one submission produces: plain data, all the report needs.

A hidden case's :attr:`CaseResult.message` is always empty: hidden cases report
pass or fail, points and the author's hint (``failure_message``) only, so nothing a
hidden test computed or expected can reach feedback. A :attr:`CaseResult.note` and a
:attr:`QuestionResult.note` are the grader's own words (a name not defined, a question not
answered yet, the reference package imported), never a test's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class CaseResult:
    """One test case of one question."""

    question: str
    name: str
    hidden: bool
    points: float
    passed: bool
    message: str = ""  # what went wrong: public cases only, never a hidden case's
    hint: str = ""     # the author's failure_message, written for students
    note: str = ""     # the grader's own reason, shown instead of the hint (a name not defined)


@dataclass
class QuestionResult:
    """One question (an otter test file): its score by otter's arithmetic, and its cases."""

    name: str
    score: float
    possible: float
    cases: list[CaseResult]
    note: str = ""     # one line instead of every case: "not answered yet", dlbook imported


@dataclass
class Outcome:
    """One submission, graded (or refused): everything the report needs, all plain data."""

    status: str = "ok"
    note: str = ""
    questions: list[QuestionResult] = field(default_factory=list)
    seconds: float = 0.0
    log: list[str] = field(default_factory=list)  # for the instructor's run log only

    @property
    def score(self) -> float:
        return sum(q.score for q in self.questions)


def to_plain(outcome: Outcome) -> dict:
    """An outcome as JSON-ready data (without the instructor's log), for a later run's report."""
    return {"status": outcome.status, "note": outcome.note, "seconds": outcome.seconds,
            "questions": [{**{k: v for k, v in asdict(q).items() if k != "cases"},
                           "cases": [asdict(c) for c in q.cases]} for q in outcome.questions]}


def from_plain(data: dict) -> Outcome:
    """The inverse of :func:`to_plain`; KeyError or TypeError on data it did not write."""
    questions = [QuestionResult(q["name"], float(q["score"]), float(q["possible"]),
                                [CaseResult(**c) for c in q["cases"]], q.get("note", ""))
                 for q in data["questions"]]
    return Outcome(str(data["status"]), str(data["note"]), questions, float(data["seconds"]))
