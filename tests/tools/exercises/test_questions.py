"""Every set asks enough, and enough of it makes the reader think (DESIGN.md: at least five
graded questions, at least a third of the points on derive / predict / design / debug)."""

from __future__ import annotations

import pytest

from dlbook_tools.exercises.questions import Question, _titles, questions, reasoning_share
from support import exercise_sets

SETS = [ex.name for ex in exercise_sets()]


@pytest.mark.parametrize("name", SETS)
def test_set_has_five_questions_and_a_third_of_its_points_on_reasoning(built_sets, name):
    qs = questions(built_sets[name])
    assert len(qs) >= 5, [q.name for q in qs]
    assert reasoning_share(qs) >= 1 / 3, {q.name: (q.kinds, q.points) for q in qs}
    assert all(q.points > 0 and q.public > 0 and q.hidden > 0 for q in qs), qs


@pytest.mark.parametrize("name", SETS)
def test_every_question_names_its_kind_and_the_summary_is_built(built_sets, name):
    ex = built_sets[name]
    titled = _titles(ex.master)
    assert set(titled) == {q.name for q in questions(ex)}
    summary = (ex.build / "summary.md").read_text()
    assert summary.startswith(f"{len(titled)} questions")


def test_titles_are_parsed_with_their_kinds(tmp_path):
    master = tmp_path / "m.py"
    master.write_text('# **Question 1 (derive: the loss of\n# uniform logits).** Text\n'
                      '# **Question 2 (predict, design: a batch size).** More\n'
                      '# **Question 3 (AdamW, from its description).** Code\n')
    assert _titles(master) == {"q1": (("derive",), "the loss of uniform logits"),
                               "q2": (("predict", "design"), "a batch size"),
                               "q3": (("code",), "AdamW, from its description")}
    assert Question("q1", ("predict", "design"), "", 2, 1).reasoning
    assert not Question("q3", ("code",), "", 2, 1).reasoning
