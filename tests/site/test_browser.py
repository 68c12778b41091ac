"""Every page of the built site in headless Chromium, as a reader sees it.

Math typeset (no raw TeX, notebook pages too), every image loaded, code highlighted,
no console errors, no request to any host but the local server; search answers.
A full-page screenshot of each page is kept in test-artifacts/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Text nodes outside code and rendered math that still look like TeX.
RAW_TEX_JS = r"""() => {
  const bad = [];
  const walker = document.createTreeWalker(document.querySelector('article') || document.body,
                                           NodeFilter.SHOW_TEXT);
  const skip = n => n.closest('pre, code, script, style, mjx-container, .highlight, textarea');
  const tex = /\\\(|\\\[|\$\$|\\(frac|hat|sigma|sum|mathbf|partial|top|cdot|left|right)\b|\$[^$\s][^$]*\$/;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement && !skip(n.parentElement) && tex.test(n.textContent)) bad.push(n.textContent.trim().slice(0, 80));
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def server(built_site):
    site, _ = built_site
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", site
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS, headless=True, viewport={"width": 1280, "height": 900})
        yield context
        context.close()


def site_pages(site: Path) -> list[str]:
    return sorted(
        "/" + p.parent.relative_to(site).as_posix().strip(".") + ("/" if p.parent != site else "")
        for p in site.rglob("index.html")
        if not p.relative_to(site).parts[0] in ("assets", "search")
    )


def test_every_page_renders_cleanly(server, browser):
    base, site = server
    pages = site_pages(site)
    assert len(pages) >= 5, pages
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}
    for path in pages:
        page = browser.new_page()
        issues: list[str] = []
        page.on("console", lambda m, issues=issues: m.type == "error" and issues.append(f"console: {m.text}"))
        page.on("pageerror", lambda e, issues=issues: issues.append(f"page error: {e}"))
        page.on("requestfailed", lambda r, issues=issues: issues.append(f"failed request: {r.url}"))

        def guard(route, issues=issues):
            host = urlparse(route.request.url).hostname
            if host not in ("127.0.0.1", None) and not route.request.url.startswith("data:"):
                issues.append(f"request to another host: {route.request.url}")
                return route.abort()
            return route.continue_()

        page.route("**/*", guard)
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("MathJax.startup.promise")
        has_math = page.evaluate("document.querySelectorAll('.arithmatex, .jupyter-wrapper').length > 0")
        typeset = page.evaluate("document.querySelectorAll('mjx-container').length")
        if has_math and page.evaluate("document.querySelectorAll('.arithmatex').length") and not typeset:
            issues.append("math present but nothing typeset")
        issues += [f"raw TeX: {t}" for t in page.evaluate(RAW_TEX_JS)]
        broken = page.evaluate("[...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
                               ".map(i => i.src.slice(0, 80))")
        issues += [f"image not loaded: {b}" for b in broken]
        blocks = page.evaluate("document.querySelectorAll('article pre code, .jp-InputArea pre').length")
        tokens = page.evaluate("document.querySelectorAll('.highlight span[class], .highlight-ipynb span[class]').length")
        if blocks and not tokens:
            issues.append(f"{blocks} code blocks but no highlighted tokens")
        name = path.strip("/").replace("/", "__") or "index"
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        if issues:
            problems[path] = issues
        page.close()
    assert not problems, problems


def test_chapter_math_and_lab_figures_are_there(server, browser):
    """Positive checks on the pages that matter most: they hold typeset math and figures."""
    base, _ = server
    page = browser.new_page()
    page.goto(base + "/part1/02-perceptron/", wait_until="networkidle")
    page.evaluate("MathJax.startup.promise")
    assert page.evaluate("document.querySelectorAll('mjx-container').length") >= 5
    page.goto(base + "/labs/02-perceptron/", wait_until="networkidle")
    page.evaluate("MathJax.startup.promise")
    assert page.evaluate("document.querySelectorAll('.jupyter-wrapper mjx-container').length") >= 1
    assert page.evaluate("document.querySelectorAll('.jupyter-wrapper img').length") >= 3
    page.close()


def test_search_finds_the_perceptron(server, browser):
    base, _ = server
    page = browser.new_page()
    page.goto(base + "/", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.type("perceptron", delay=30)  # real key events: Material searches as you type
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.locator(".md-search-result__item").count() >= 1
    page.close()


def test_light_dark_toggle_switches_the_scheme(server, browser):
    base, _ = server
    page = browser.new_page()
    page.goto(base + "/", wait_until="networkidle")
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
    page.close()


CHAPTER_PAGES = re.compile(r"^/part\d/\d\d-[\w-]+/$")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_every_chapter_shows_three_figures_with_alt_text_in_both_schemes(server, browser, scheme):
    """DESIGN.md: a chapter page shows its own figures, legible in light and dark mode, with
    alt text. In the dark scheme every content image sits on a light card (extra.css)."""
    base, site = server
    chapters = [p for p in site_pages(site) if CHAPTER_PAGES.match(p)]
    assert len(chapters) >= 13, chapters
    problems: dict[str, str] = {}
    for path in chapters:
        page = browser.new_page()
        page.goto(base + path, wait_until="networkidle")
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        images = page.evaluate("""[...document.querySelectorAll('article img')].map(i => ({
            src: i.getAttribute('src'), alt: (i.getAttribute('alt') || '').trim(),
            loaded: i.complete && i.naturalWidth > 0,
            bg: getComputedStyle(i).backgroundColor}))""")
        loaded_with_alt = [i for i in images if i["loaded"] and len(i["alt"]) >= 10]
        if len(loaded_with_alt) < 3:
            problems[path] = f"{len(loaded_with_alt)} loaded figures with alt text: {images}"
        elif scheme == "slate" and any(i["bg"] != "rgb(255, 255, 255)" for i in images):
            problems[path] = f"an image without its light card in the dark scheme: {images}"
        page.close()
    assert not problems, problems
