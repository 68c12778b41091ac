"""The class report as an instructor opens it: from disk in headless Chromium, in both colour
schemes, every histogram drawn, nothing requested from anywhere. Screenshots are kept in
test-artifacts/screenshots/ (docs/images/class-report.png is one, of a real graded class)."""

from __future__ import annotations

import pytest

from dlbook_tools.grading.class_report import class_report
from dlbook_tools.grading.results import CaseResult, Outcome, QuestionResult
from support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser]

HINTS = ["W is transposed: the layer computes x @ W.T", "the bias b is missing", "not answered yet"]


def outcome(i: int) -> Outcome:
    """Student i: q1 right, or wrong in one of three ways; q2 right every third time."""
    wrong = HINTS[i % 3] if i % 4 else ""
    q1 = QuestionResult("q1", 0.0 if wrong else 3.0, 3.0,
                        [CaseResult("q1", "h1", True, 3.0, not wrong, hint=wrong)],
                        note="not answered yet" if wrong == HINTS[2] else "")
    q2 = QuestionResult("q2", 2.0 if i % 3 == 0 else 0.5, 2.0,
                        [CaseResult("q2", "p1", False, 0.5, True),
                         CaseResult("q2", "h1", True, 1.5, i % 3 == 0, hint="" if i % 3 == 0 else "off by one row")])
    return Outcome(questions=[q1, q2])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_report_draws_offline_in_both_schemes(tmp_path, scheme):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    students = [(f"student{i:02d}", outcome(i)) for i in range(24)] + [("late", Outcome(status="timeout"))]
    page_html, _ = class_report("ch02-perceptron", [("q1", 3.0), ("q2", 2.0)], students)
    path = tmp_path / "class_report.html"
    path.write_text(page_html, encoding="utf-8")
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 800}, color_scheme=scheme)
        page.on("request", lambda r: None if r.url.startswith("file:") else requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(path.as_uri())
        bars = page.evaluate("[...document.querySelectorAll('svg .bar')].map(b => b.getBBox().height)")
        svgs = page.evaluate("document.querySelectorAll('svg').length")
        text = page.inner_text("body")
        fg = page.evaluate("getComputedStyle(document.body).color")
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        shots = ARTIFACTS / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"class-report-{scheme}.png"), full_page=True)
        browser.close()
    assert not requests and not errors, (requests, errors)
    assert svgs == 3 and any(h > 0 for h in bars)  # the totals and one per question
    assert all(h.lower() in text.lower() for h in HINTS) and "25 submissions" in text
    assert fg != bg and (bg in ("rgb(255, 255, 255)",) if scheme == "light" else bg != "rgb(255, 255, 255)")
