"""The class report: counts and grouping of diagnosed mistakes on synthetic outcomes, and a page
that is offline, legible in both colour schemes, and escapes whatever a student named."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from dlbook_tools.grading.class_report import analyse, class_report
from dlbook_tools.grading.results import CaseResult, Outcome, QuestionResult

QUESTIONS = [("q1", 2.0), ("q3", 1.0)]
TRANSPOSED = "W is transposed: the layer computes x @ W.T"
NO_BIAS = "the bias b is missing"


def q1(*failing: tuple[str, str, bool]) -> QuestionResult:
    """q1 with two 1-point cases; `failing` = (case name, hint, hidden) of the ones that failed."""
    names = {f[0]: f for f in failing}
    cases = [CaseResult("q1", n, n.startswith("h"), 1.0, n not in names, hint=names[n][1] if n in names else "")
             for n in ("p1", "h1")]
    return QuestionResult("q1", sum(c.points for c in cases if c.passed), 2.0, cases)


def q3(ok: bool, hint: str = NO_BIAS) -> QuestionResult:
    return QuestionResult("q3", 1.0 if ok else 0.0, 1.0,
                          [CaseResult("q3", "h1", True, 1.0, ok, hint="" if ok else hint)])


def outcomes() -> list[tuple[str, Outcome]]:
    return [
        ("alice", Outcome(questions=[q1(), q3(True)])),
        ("<script>alert('x')</script>", Outcome(questions=[q1(("h1", TRANSPOSED, True)), q3(True)])),
        # the same diagnosis on a public and a hidden case counts once for bob
        ("bob", Outcome(questions=[q1(("p1", TRANSPOSED, False), ("h1", TRANSPOSED, True)), q3(False)])),
        ("carol", Outcome(questions=[q1(("h1", TRANSPOSED, True)), q3(False)])),
        ("dave", Outcome(questions=[q1(("p1", TRANSPOSED, False)), q3(True)])),
        ("erin", Outcome(questions=[q1(("h1", "")), q3(False, NO_BIAS + "  ")])),  # whitespace-only difference
        ("frank", Outcome(status="timeout", note="ran past 60 s")),
        ("gina", Outcome(status="invalid notebook")),
    ]


def test_grouping_and_counts():
    q1_stats, q3_stats = analyse(QUESTIONS, outcomes())
    assert q1_stats.scores == [2.0, 1.0, 0.0, 1.0, 1.0, 1.0] and q1_stats.full == 1
    top, nohint = q1_stats.mistakes
    assert top.hint == TRANSPOSED
    assert top.students == ["<script>alert('x')</script>", "bob", "carol", "dave"]
    assert top.points == 5.0  # bob lost 2, the others 1 each
    assert (nohint.hint, nohint.students) == ("(no hint) hidden test h1", ["erin"])
    (bias,) = q3_stats.mistakes
    assert bias.students == ["bob", "carol", "erin"]


def test_plain_text_summary():
    _, text = class_report("ch02-perceptron", QUESTIONS, outcomes())
    lines = text.splitlines()
    assert lines[0] == ("What the class got wrong in ch02-perceptron (8 submissions, 6 graded; "
                        "not graded: timeout 1, invalid notebook 1):")
    assert lines[1] == "q1 (2 points): mean 1, full marks 1/6"
    assert lines[2].split() == ["4", "(67%)", *TRANSPOSED.split()]
    assert lines[3].strip() == "e.g. <script>alert('x')</script>, bob, carol"
    assert "q3 (1 point): mean 0.5, full marks 3/6" in lines
    assert "\x1b" not in class_report("x", QUESTIONS, [("ev\x1b[2Jil", outcomes()[1][1])])[1]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs


def test_html_is_offline_escaped_and_has_both_colour_schemes():
    page, _ = class_report("ch02 <perceptron>", QUESTIONS, outcomes())
    assert "<script" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "ch02 &lt;perceptron&gt;" in page
    assert "http://" not in page and "https://" not in page and "//" not in re.sub(r"<!DOCTYPE html>", "", page)
    parser = Tags()
    parser.feed(page)
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert not any(name in ("src", "srcset") or (name == "href" and not (value or "").startswith("#"))
                   for name, value in parser.attrs)
    assert parser.tags.count("svg") == 3  # the totals, then one per question
    assert "prefers-color-scheme: dark" in page and 'name="color-scheme" content="light dark"' in page
    assert TRANSPOSED in page and "(67%)" in page and "and 1 more" in page


def test_nothing_graded():
    page, text = class_report("hw", QUESTIONS, [("a", Outcome(status="crashed"))])
    assert "no submission was graded" in text and "Not graded in any submission" in page


def test_a_question_not_answered_is_counted_apart_not_under_its_hints():
    blank = QuestionResult("q1", 0.0, 2.0, [CaseResult("q1", n, False, 1.0, False, hint=TRANSPOSED) for n in ("p1", "h1")],
                           note="not answered yet")
    stats = analyse(QUESTIONS, [("hal", Outcome(questions=[blank, q3(True)])),
                                ("ida", Outcome(questions=[q1(("h1", TRANSPOSED, True)), q3(True)]))])[0]
    assert [(m.hint, m.students, m.points) for m in stats.unanswered] == [("not answered yet", ["hal"], 2.0)]
    assert [(m.hint, m.students) for m in stats.mistakes] == [(TRANSPOSED, ["ida"])]
    page, text = class_report("tiny", QUESTIONS, [("hal", Outcome(questions=[blank, q3(True)]))])
    assert "not answered yet 1, no other test failed" in text and "Not answered yet: 1 submission " in page
