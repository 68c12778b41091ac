"""The whole book step on a tiny checkout: two labs executed at once, their
figures and the exercise downloads listed for the site, and a rebuild that executes nothing."""

from __future__ import annotations

import json

import nbformat
import pytest

from dlbook_tools.book.build import build_book
from support import run_cli

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'
# Each lab waits for the other to have started: with two at once they meet; one at a time
# the first would wait in vain. (Labs run in docs/labs/, so the marker files land there.)
LAB = """# %%
import pathlib, time
pathlib.Path("{me}.started").touch()
deadline = time.monotonic() + 60
while not pathlib.Path("{other}.started").exists():
    assert time.monotonic() < deadline, "the other lab never ran beside this one"
    time.sleep(0.05)
print("met")

# %% tags=["figure:square"]
from IPython.display import SVG, display
display(SVG('SQUARE'))
""".replace("SQUARE", SVG)


def tiny_checkout(root):
    (root / "docs" / "labs").mkdir(parents=True)
    for me, other in (("01-a", "02-b"), ("02-b", "01-a")):
        (root / "docs" / "labs" / f"{me}.py").write_text(LAB.format(me=me, other=other))
    (root / "exercises" / "ch01-demo").mkdir(parents=True)
    (root / "exercises" / "ch01-demo" / "ch01-demo.py").write_text("# %%\n")
    student = root / "build" / "exercises" / "ch01-demo" / "student"
    student.mkdir(parents=True)
    (student / "ch01-demo.ipynb").write_text("{}")
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text("")


@pytest.mark.slow
def test_two_labs_run_at_once_and_the_site_gets_everything(tmp_path):
    tiny_checkout(tmp_path)
    lines: list[str] = []
    book = build_book(tmp_path, jobs=2, package=tmp_path / "pkg", log=lines.append)

    assert [r.executed for r in book.runs] == [True, True]
    assert [nbformat.read(nb, as_version=4).cells[0].outputs[0]["text"] for _, nb in book.labs] == ["met\n"] * 2
    assert book.consumed == ["labs/01-a.py", "labs/02-b.py"]
    assert [uri for uri, _ in book.labs] == ["labs/01-a.ipynb", "labs/02-b.ipynb"]
    assert all(path == book.out / uri for uri, path in book.labs)  # mkdocs reads out/<site path>
    assert [uri for uri, _ in book.figures] == ["figures/01-a/square.svg", "figures/02-b/square.svg"]
    assert dict(book.figures)["figures/01-a/square.svg"].read_text() == SVG
    assert [uri for uri, _ in book.downloads] == ["exercises/ch01-demo.zip", "exercises/ch01-demo.ipynb"]
    assert "assets/mathjax/tex-mml-chtml.js" in dict(book.assets)
    assert any(line.startswith("lab 01-a") for line in lines) and lines[-1].startswith("book: 2 labs, 2 figures")

    again = build_book(tmp_path, jobs=2, package=tmp_path / "pkg", log=lines.append)
    assert [r.executed for r in again.runs] == [False, False]
    timings = json.loads((tmp_path / "build" / "book" / "labs" / "timings.json").read_text())
    assert {stem: t["executed"] for stem, t in timings["labs"].items()} == {"01-a": False, "02-b": False}


def test_the_command_line_has_the_step():
    proc = run_cli("book", "build", "--help")
    assert proc.returncode == 0 and "--jobs" in proc.stdout
