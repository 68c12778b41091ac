"""What the class got wrong: per question, the spread of scores and the most frequent
diagnosed mistakes, as one offline HTML page and as plain text for the closing summary.

A diagnosis is the hint the author wrote on a failing test case (its ``failure_message``,
:attr:`~dlbook_tools.grading.results.CaseResult.hint`), which names the likely mistake
("W is transposed"). Failing cases are grouped by that text; a submission counts once per
diagnosis however many of its cases gave it. A failing case without a hint is grouped by its
test instead. A question not answered yet (or answered by importing the reference package)
is counted apart, under that note, not as a diagnosis under every hint of its cases. Only
submissions that were graded (some question ran) count; the rest are tallied by status.

An example student links to their feedback file beside the page (when given `links`).
The page is self-contained: inline CSS (light and dark, by ``prefers-color-scheme``) and
inline SVG histograms drawn here; no script, font, image or stylesheet from anywhere else.
Student names and notes come from submissions and LMS metadata: every string is escaped
(and wrapped in ``<bdi>`` so a right-to-left override cannot reorder the page), and the
plain text loses control characters (a name could carry terminal escapes).
"""

from __future__ import annotations

import html
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dlbook_tools.grading.results import Outcome

PAGE = "class_report.html"  # its name in the output folder
TOP = 5          # mistakes shown per question on the page
TOP_TEXT = 3     # ... and in the terminal
EXAMPLES = 3     # example submissions per mistake
HINT_TEXT = 110  # characters of a hint in the terminal


@dataclass
class Mistake:
    """One diagnosis of one question: who got it, and the points their failing cases lost."""

    hint: str
    students: list[str] = field(default_factory=list)
    points: float = 0.0


@dataclass
class QuestionStats:
    name: str
    possible: float
    scores: list[float]
    mistakes: list[Mistake]   # most frequent first
    unanswered: list[Mistake] = field(default_factory=list)  # whole-question notes: not answered yet, dlbook imported

    @property
    def full(self) -> int:
        return sum(s >= self.possible - 1e-9 for s in self.scores)


def analyse(questions: Sequence[tuple[str, float]], outcomes: Sequence[tuple[str, Outcome]]) -> list[QuestionStats]:
    """Per question: the graded submissions' scores and their mistakes, most frequent first."""
    graded = [(student, o) for student, o in outcomes if o.questions]
    stats = []
    for name, possible in questions:
        scores: list[float] = []
        mistakes: dict[str, Mistake] = {}
        notes: dict[str, Mistake] = {}
        for student, outcome in graded:
            result = next((q for q in outcome.questions if q.name == name), None)
            if result is None:
                continue
            scores.append(result.score)
            if result.note:  # not answered yet, or the reference package imported: no diagnosis
                n = notes.setdefault(result.note, Mistake(result.note))
                n.students.append(student)
                n.points += result.possible - result.score
                continue
            mine: dict[str, float] = {}
            for case in result.cases:
                if case.passed:
                    continue
                hint = " ".join(case.hint.split()) or f"(no hint) {'hidden' if case.hidden else 'public'} test {case.name}"
                mine[hint] = mine.get(hint, 0.0) + case.points
            for hint, lost in mine.items():
                m = mistakes.setdefault(hint, Mistake(hint))
                m.students.append(student)
                m.points += lost
        def rank(found: dict[str, Mistake]) -> list[Mistake]:
            return sorted(found.values(), key=lambda m: (-len(m.students), -m.points, m.hint))

        stats.append(QuestionStats(name, possible, scores, rank(mistakes), rank(notes)))
    return stats


def class_report(assignment_name: str, questions: Sequence[tuple[str, float]],
                 outcomes: Sequence[tuple[str, Outcome]], links: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(HTML page, plain text) of what the class got wrong. `questions` are (name, points) in
    the assignment's order; `outcomes` are (student, outcome) in the order to cite examples;
    `links` maps a student to their feedback, relative to the page (an example links to it)."""
    stats = analyse(questions, outcomes)
    return (_html(assignment_name, questions, outcomes, stats, links or {}),
            _text(assignment_name, outcomes, stats))


# -- plain text ----------------------------------------------------------------------------------

def _text(assignment: str, outcomes: Sequence[tuple[str, Outcome]], stats: list[QuestionStats]) -> str:
    graded = sum(bool(o.questions) for _, o in outcomes)
    lines = [f"What the class got wrong in {_plain(assignment)} ({_counts(outcomes)}):"]
    if not graded:
        lines.append("    no submission was graded")
        return "\n".join(lines)
    for q in stats:
        head = f"{_plain(q.name)} ({_fmt(q.possible)} point{'s' if q.possible != 1 else ''}): "
        if not q.scores:
            lines.append(head + "not graded in any submission")
            continue
        head += f"mean {_fmt(statistics.mean(q.scores))}, full marks {q.full}/{len(q.scores)}"
        head += "".join(f", {_plain(n.hint)} {len(n.students)}" for n in q.unanswered)
        lines.append(head + ("" if q.mistakes else ", no other test failed" if q.unanswered else ", no test failed"))
        width = len(str(len(q.scores)))
        for m in q.mistakes[:TOP_TEXT]:
            hint = _plain(m.hint)
            hint = hint if len(hint) <= HINT_TEXT else hint[: HINT_TEXT - 1] + "…"
            share = f"({100 * len(m.students) / len(q.scores):.0f}%)"
            lines.append(f"    {len(m.students):>{width}} {share:>6}  {hint}")
            lines.append(f"    {'':>{width}}         e.g. " + ", ".join(_plain(s) for s in m.students[:EXAMPLES]))
        if len(q.mistakes) > TOP_TEXT:
            rest = q.mistakes[TOP_TEXT:]
            lines.append(f"    and {len(rest)} rarer diagnos{'es' if len(rest) != 1 else 'is'}")
    return "\n".join(lines)


# -- HTML -----------------------------------------------------------------------------------------

CSS = """
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --bar: #2f6fb3;
        --full: #2e7d32; --line: #d0d7de; --row: #f6f8fa; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --bar: #6cb6ff; --full: #56d364;
          --line: #3d444d; --row: #161b22; }
}
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       background: var(--bg); max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.muted { color: var(--muted); } .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
tbody tr:nth-child(odd) { background: var(--row); }
.figure { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: center; }
svg .bar { fill: var(--bar); } svg .bar.full { fill: var(--full); } svg .axis { stroke: var(--line); }
svg text { fill: var(--fg); font: 11px system-ui, sans-serif; } svg text.muted { fill: var(--muted); }
a { color: var(--bar); }
"""


def _html(assignment: str, questions: Sequence[tuple[str, float]], outcomes: Sequence[tuple[str, Outcome]],
          stats: list[QuestionStats], links: Mapping[str, str]) -> str:
    e = _e

    def who(student: str) -> str:
        name = f"<bdi>{e(student)}</bdi>"
        return f'<a href="{e(links[student])}">{name}</a>' if student in links else name

    graded = [(s, o) for s, o in outcomes if o.questions]
    max_score = sum(p for _, p in questions)
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<meta name="color-scheme" content="light dark">',
           f"<title>What the class got wrong: {e(assignment)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           f"<h1>What the class got wrong: {e(assignment)}</h1>",
           f'<p class="muted">{e(_counts(outcomes))}. A diagnosis is the hint the failing test gave; '
           "a submission counts once per diagnosis.</p>"]
    if graded:
        totals = [o.score for _, o in graded]
        out += ["<h2>Scores</h2>", '<div class="figure">',
                _histogram(totals, max_score, f"Total scores of {len(totals)} graded submissions, out of "
                                              f"{_fmt(max_score)}"),
                f"<p>{_summary(totals, max_score)}</p>", "</div>",
                "<table><thead><tr><th>Question</th><th class=\"num\">Points</th><th class=\"num\">Mean</th>"
                "<th class=\"num\">Full marks</th><th class=\"num\">Not answered</th>"
                "<th>Most frequent diagnosis</th></tr></thead><tbody>"]
        for q in stats:
            top = q.mistakes[0] if q.mistakes else None
            mean = _fmt(statistics.mean(q.scores)) if q.scores else "–"
            out.append(f'<tr><td><a href="#{_anchor(q.name)}">{e(q.name)}</a></td><td class="num">{_fmt(q.possible)}</td>'
                       f'<td class="num">{mean}</td><td class="num">{q.full}/{len(q.scores)}</td>'
                       f'<td class="num">{sum(len(n.students) for n in q.unanswered)}</td><td>'
                       + (f"{e(top.hint)} <span class=\"muted\">({len(top.students)})</span>" if top else
                          '<span class="muted">none</span>') + "</td></tr>")
        out.append("</tbody></table>")
    for q in stats:
        out.append(f'<section id="{_anchor(q.name)}"><h2>{e(q.name)} '
                   f'<span class="muted">({_fmt(q.possible)} point{"s" if q.possible != 1 else ""})</span></h2>')
        if not q.scores:
            out.append('<p class="muted">Not graded in any submission.</p></section>')
            continue
        out += ['<div class="figure">',
                _histogram(q.scores, q.possible, f"Scores on {q.name} of {len(q.scores)} graded submissions, "
                                                 f"out of {_fmt(q.possible)}"),
                f"<p>{_summary(q.scores, q.possible)}</p>", "</div>"]
        for n in q.unanswered:
            out.append(f"<p>{e(n.hint[:1].upper() + n.hint[1:])}: {len(n.students)} "
                       f"submission{'s' if len(n.students) != 1 else ''} "
                       f'<span class="muted">(e.g. {", ".join(who(x) for x in n.students[:EXAMPLES])})'
                       "</span>.</p>")
        if not q.mistakes:
            out.append(f"<p>No {'other ' if q.unanswered else ''}test failed.</p></section>")
            continue
        out += ["<h3>Most frequent diagnoses</h3>",
                '<table><thead><tr><th class="num">Submissions</th><th>Diagnosis</th>'
                '<th class="num">Mean points lost</th><th>For example</th></tr></thead><tbody>']
        for m in q.mistakes[:TOP]:
            share = 100 * len(m.students) / len(q.scores)
            examples = ", ".join(who(x) for x in m.students[:EXAMPLES])
            more = len(m.students) - EXAMPLES
            examples += f' <span class="muted">and {more} more</span>' if more > 0 else ""
            out.append(f'<tr><td class="num">{len(m.students)} <span class="muted">({share:.0f}%)</span></td>'
                       f'<td>{e(m.hint)}</td><td class="num">{_fmt(m.points / len(m.students))}</td>'
                       f"<td>{examples}</td></tr>")
        out.append("</tbody></table>")
        if len(q.mistakes) > TOP:
            rest = q.mistakes[TOP:]
            out.append(f'<p class="muted">and {len(rest)} rarer diagnos{"es" if len(rest) != 1 else "is"} '
                       f"({sum(len(m.students) for m in rest)} times in all).</p>")
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _histogram(values: list[float], possible: float, label: str) -> str:
    """An inline SVG bar chart of `values` (scores out of `possible`)."""
    bins = _bins(values, possible)
    bar, gap, left, top, plot_h, bottom = 34, 6, 8, 18, 100, 34
    width = left * 2 + len(bins) * (bar + gap) - gap
    height = top + plot_h + bottom
    most = max((n for _, n, _ in bins), default=0) or 1
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="{_e(label)}"><title>{_e(label)}</title>',
             f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - left}" y2="{top + plot_h}"/>']
    for i, (name, n, full) in enumerate(bins):
        x = left + i * (bar + gap)
        h = round(plot_h * n / most, 1)
        y = top + plot_h - h
        cls = "bar full" if full else "bar"
        parts.append(f'<rect class="{cls}" x="{x}" y="{y}" width="{bar}" height="{h}">'
                     f"<title>{_e(name)}: {n}</title></rect>")
        parts.append(f'<text x="{x + bar / 2}" y="{y - 4}" text-anchor="middle">{n}</text>')
        parts.append(f'<text class="muted" x="{x + bar / 2}" y="{top + plot_h + 14}" '
                     f'text-anchor="middle">{_e(name)}</text>')
    parts.append(f'<text class="muted" x="{width / 2}" y="{height - 4}" text-anchor="middle">score</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bins(values: list[float], possible: float) -> list[tuple[str, int, bool]]:
    """(label, count, is full marks) per bar: one per score when there are few, else tenths."""
    distinct = sorted({round(v, 6) for v in values} | {0.0, round(possible, 6)})
    if len(distinct) <= 12:
        return [(_fmt(d), sum(round(v, 6) == d for v in values), d >= possible - 1e-9) for d in distinct]
    edges = [possible * i / 10 for i in range(11)]
    out = []
    for i in range(10):
        lo, hi = edges[i], edges[i + 1]
        last = i == 9
        n = sum(lo <= v < hi or (last and v >= hi - 1e-9) for v in values)
        out.append((f"{_fmt(lo)}–" if not last else f"≥{_fmt(lo)}", n, False))
    return out


def _summary(values: list[float], possible: float) -> str:
    full = sum(v >= possible - 1e-9 for v in values)
    zero = sum(v <= 1e-9 for v in values)
    return (f"mean {_fmt(statistics.mean(values))}, median {_fmt(statistics.median(values))} of "
            f"{_fmt(possible)}; full marks {full}, zero {zero}, of {len(values)}")


# -- small helpers ---------------------------------------------------------------------------------

def _counts(outcomes: Sequence[tuple[str, Outcome]]) -> str:
    graded = sum(bool(o.questions) for _, o in outcomes)
    text = f"{len(outcomes)} submission{'s' if len(outcomes) != 1 else ''}, {graded} graded"
    others: dict[str, int] = {}
    for _, o in outcomes:
        if not o.questions:
            others[o.status] = others.get(o.status, 0) + 1
    if others:
        text += "; not graded: " + ", ".join(f"{_plain(s)} {n}" for s, n in sorted(others.items(), key=lambda x: -x[1]))
    return text


def _fmt(x: float) -> str:
    return f"{round(x, 2):g}"


def _anchor(name: str) -> str:
    return "q-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


def _e(text: str) -> str:
    return html.escape(_plain(text), quote=True)


def _plain(text: str) -> str:
    """`text` without control characters or bidirectional overrides."""
    return "".join("?" if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0x202A <= ord(c) <= 0x202E
                           or 0x2066 <= ord(c) <= 0x2069) else c for c in str(text))
