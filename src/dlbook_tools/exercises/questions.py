"""What a set asks: each question's kind, title and points, read from the set itself.

A question's markdown opens with ``**Question N (kind: title).**``, where kind is
``code`` or one or more of the reasoning kinds ``derive``, ``predict``, ``design``,
``debug`` (``**Question 2 (predict, design: ...).**``). Points come from the built
tests. The chapter pages embed the summary this module writes at build time, so the
page's list of questions can never disagree with the set; and a test holds every set
to the design rule (at least 5 questions, at least a third of the points on reasoning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dlbook_tools.exercises.sets import ExerciseSet

REASONING = ("derive", "predict", "design", "debug")
TITLE = re.compile(r"\*\*Question (\d+) \((.+?)\)\.?\*\*")
SUMMARY_FILE = "summary.md"  # beside the set's student/ and autograder/ folders


@dataclass(frozen=True)
class Question:
    name: str               # q1
    kinds: tuple[str, ...]  # ("derive",) or ("predict", "design"); ("code",) when none is named
    title: str
    public: float           # points on public tests
    hidden: float           # points on hidden tests

    @property
    def points(self) -> float:
        return self.public + self.hidden

    @property
    def reasoning(self) -> bool:
        return any(k in REASONING for k in self.kinds)


def _titles(master: Path) -> dict[str, tuple[tuple[str, ...], str]]:
    # The master is jupytext percent text: markdown lines start with "# ". Join them so
    # a title that wraps onto the next line is still found.
    text = " ".join(line[2:] if line.startswith("# ") else line for line in master.read_text().splitlines())
    found = {}
    for number, inside in TITLE.findall(text):
        head, _, rest = inside.partition(":")
        kinds = tuple(k.strip().lower() for k in head.split(","))
        if rest and all(k in (*REASONING, "code") for k in kinds):
            found[f"q{number}"] = (kinds, " ".join(rest.split()))
        else:
            found[f"q{number}"] = (("code",), " ".join(inside.split()))
    return found


def questions(ex: ExerciseSet) -> list[Question]:
    """Every question of a built set, in order."""
    from otter.test_files.exception_test import ExceptionTestFile

    titles = _titles(ex.master)
    out = []
    for path in sorted(ex.all_tests.glob("q*.py"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0)):
        tf = ExceptionTestFile.from_file(str(path))
        kinds, title = titles.get(tf.name, (("code",), tf.name))
        public = sum(tc.points for tc in tf.test_cases if not tc.hidden)
        hidden = sum(tc.points for tc in tf.test_cases if tc.hidden)
        out.append(Question(tf.name, kinds, title, float(public), float(hidden)))
    return out


def reasoning_share(qs: list[Question]) -> float:
    total = sum(q.points for q in qs)
    return sum(q.points for q in qs if q.reasoning) / total if total else 0.0


def summary_markdown(ex: ExerciseSet) -> str:
    """The list a chapter page shows under its exercise download."""
    qs = questions(ex)
    total = sum(q.points for q in qs)
    lines = [f"{len(qs)} questions, {total:g} points, {reasoning_share(qs):.0%} of them on questions "
             "that ask you to derive, predict, design or debug:", ""]
    for q in qs:
        lines.append(f"{q.name[1:]}. *{', '.join(q.kinds)}*: {q.title} "
                     f"({q.points:g} points: {q.public:g} public, {q.hidden:g} hidden)")
    return "\n".join(lines) + "\n"


def write_summary(ex: ExerciseSet) -> Path:
    path = ex.build / SUMMARY_FILE
    path.write_text(summary_markdown(ex))
    return path
