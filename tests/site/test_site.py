"""The site builds strictly, embeds package code, serves nothing from another host, and
re-executes a lab exactly when its notebook or the package changes."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from support import ARTIFACTS, ROOT


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
    assert "Executing lab" not in second_log, second_log
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "build-times.json").write_text(json.dumps(
        {"first_build_s": round(first, 2), "no_change_rebuild_s": round(second, 2)}, indent=2))
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


def test_exercise_downloads_are_on_the_site(built_site, built_sets):
    site, _ = built_site
    for name in built_sets:
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


def _load_hooks():
    spec = importlib.util.spec_from_file_location("book_hooks", ROOT / "hooks" / "book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def test_lab_cache_follows_the_package(tmp_path, monkeypatch):
    """Change a function in the package: the lab re-executes and its output changes.
    Change nothing: the cached notebook is reused."""
    import nbformat

    hooks = _load_hooks()
    pkg = tmp_path / "src" / "dlbook"
    shutil.copytree(ROOT / "src" / "dlbook", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(hooks, "ROOT", tmp_path)
    monkeypatch.setattr(hooks, "PACKAGE", pkg)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "src"))  # the kernel imports this copy
    lab = tmp_path / "probe.py"
    lab.write_text("# %%\nfrom dlbook.nn.activations import relu\nprint(relu(-3.0), relu(2.0))\n")
    out = tmp_path / "out"

    def run():
        notebook, seconds = hooks.execute_lab(lab, out, hooks.package_digest())
        text = nbformat.read(notebook, as_version=4).cells[0].outputs[0]["text"]
        return text.strip(), seconds

    assert run()[0] == "0.0 2.0"
    assert run() == ("0.0 2.0", None)  # nothing changed: no execution
    source = pkg / "activations.py"
    source.write_text(source.read_text().replace(
        'return np.maximum(0.0, np.asarray(z, dtype=np.float64))', 'return np.abs(np.asarray(z, dtype=np.float64))'))
    text, seconds = run()
    assert seconds is not None and text == "3.0 2.0"


def test_a_failing_lab_fails_the_build_with_the_cell(tmp_path):
    from mkdocs.exceptions import PluginError

    hooks = _load_hooks()
    lab = tmp_path / "broken.py"
    lab.write_text("# %%\nx = 1\n\n# %%\nraise ValueError('lab is broken')\n")
    with pytest.raises(PluginError, match="lab is broken"):
        hooks.execute_lab(lab, tmp_path / "out", "digest")
