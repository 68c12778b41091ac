"""The site builds strictly, embeds package code, serves every lab figure, serves nothing from
another host, and a no-change rebuild executes no lab. (The cache's rules, lab failures and
figure export are unit-tested on the tooling itself, in tests/tools/book.)"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from support import ARTIFACTS, GRADING_FIXTURE, ROOT


def nav_pages() -> list[str]:
    """Every page named in mkdocs.yml's nav, as a docs-relative path."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    pages: list[str] = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        else:
            pages.append(node)

    walk(config["nav"])
    return pages


def page_html(site: Path, page: str) -> str:
    stem = re.sub(r"\.(md|ipynb)$", "", page)
    path = site / "index.html" if stem == "index" else site / stem / "index.html"
    return path.read_text()


def test_build_is_strict_and_a_rebuild_with_nothing_changed_executes_nothing(built_site):
    site, runs = built_site
    (first, _), (second, second_log) = runs
    labs = sorted(p.stem for p in (ROOT / "docs" / "labs").glob("*.py"))
    # timings.json is the record of the last build, the no-change rebuild: every lab reused.
    timings = json.loads((ROOT / "build" / "book" / "labs" / "timings.json").read_text())["labs"]
    assert sorted(timings) == labs
    assert [stem for stem, t in timings.items() if t["executed"]] == [], second_log
    for stem in labs:  # and the rebuild said so, lab by lab
        assert re.search(rf"lab {re.escape(stem)} +cached", second_log), second_log
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "build-times.json").write_text(json.dumps(
        {"first_build_s": round(first, 2), "no_change_rebuild_s": round(second, 2),
         "lab_s": {stem: t["seconds"] for stem, t in timings.items()}}, indent=2))
    print(f"site build: {first:.1f} s, no-change rebuild: {second:.1f} s")


def test_every_nav_page_is_built(built_site):
    site, _ = built_site
    for page in nav_pages():
        assert "<h1" in page_html(site, page), page


def test_chapters_embed_package_code_not_snippet_markers(built_site):
    site, _ = built_site
    html = page_html(site, "part1/02-perceptron.md")
    assert "sigmoid_grad" in html and "def" in html
    assert "--8&lt;--" not in html and "--8<--" not in html


def test_labs_have_real_outputs_and_a_download(built_site):
    site, _ = built_site
    for page in nav_pages():
        if page.endswith(".ipynb"):
            html = page_html(site, page)
            assert "data:image/png;base64" in html, f"{page} has no figure"
            assert (site / page.removesuffix(".ipynb") / Path(page).name).is_file(), "no download"


def test_every_lab_figure_is_served(built_site):
    """Each lab draws at least one figure, and the site serves them all under figures/<lab>/."""
    site, _ = built_site
    for lab in sorted((ROOT / "docs" / "labs").glob("*.py")):
        built = sorted(p.name for p in (ROOT / "build" / "book" / "figures" / lab.stem).iterdir())
        assert built, f"{lab.name} exported no figure"
        assert sorted(p.name for p in (site / "figures" / lab.stem).iterdir()) == built


def test_exercise_downloads_are_on_the_site(built_site, built_sets):
    site, _ = built_site
    for name in (n for n in built_sets if n != GRADING_FIXTURE.name):
        assert (site / "exercises" / f"{name}.zip").is_file()
        assert (site / "exercises" / f"{name}.ipynb").is_file()


def test_no_page_references_another_host(built_site):
    """Scripts, styles, fonts and images all come from the site itself."""
    site, _ = built_site
    pattern = re.compile(r"""(?:src|href)=["'](?:https?:)?//(?!127\.0\.0\.1)[^"']+""")
    for html in site.rglob("*.html"):
        text = html.read_text()
        offenders = [m for m in pattern.findall(text)
                     if not m.split("=", 1)[1].strip("\"'").startswith("http://127.0.0.1")]
        # Plain <a> links to the outside world are fine; resources are not.
        offenders = [m for m in offenders if not re.search(
            r"<a [^>]*" + re.escape(m), text)]
        assert not offenders, f"{html.relative_to(site)}: {offenders[:3]}"
    css = "".join(p.read_text(errors="ignore") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_missing_snippet_section_fails_the_build(built_sets, tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    page = docs / "part1" / "02-perceptron.md"
    page.write_text(page.read_text() + '\n```python\n--8<-- "src/dlbook/nn/activations.py:no_such_section"\n```\n')
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "site"))
    with pytest.raises(Exception, match="no_such_section|Snippet|snippet"):
        build(config)
