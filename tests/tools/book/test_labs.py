"""Lab execution: the cache follows the lab and the reference package (never the tooling),
a failing cell names its lab and cell, and labs run in parallel. These start real kernels
on tiny labs; the reference package is a stand-in folder, put on the kernels' path."""

from __future__ import annotations

import json

import nbformat
import pytest

import dlbook
from dlbook_tools.book.labs import default_jobs, package_digest, reference_package, run_labs
from dlbook_tools.errors import UserError


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A reference package `fakeref` (value() == 1) beside a stand-in tooling package."""
    src = tmp_path / "src"
    (src / "fakeref").mkdir(parents=True)
    (src / "fakeref" / "__init__.py").write_text("")
    (src / "fakeref" / "mod.py").write_text("def value():\n    return 1\n")
    (src / "dlbook_tools").mkdir()
    (src / "dlbook_tools" / "grader.py").write_text("POINTS = 1\n")
    monkeypatch.setenv("PYTHONPATH", str(src))  # the kernels inherit it and import this copy
    return src / "fakeref"


def output_text(notebook, index=0):
    return nbformat.read(notebook, as_version=4).cells[index].outputs[0]["text"].strip()


@pytest.mark.slow
def test_cache_follows_the_lab_and_the_package_not_the_tooling(tmp_path, package):
    lab = tmp_path / "labs" / "probe.py"
    lab.parent.mkdir()
    lab.write_text("# %%\nfrom fakeref.mod import value\nprint(value())\n")
    out = tmp_path / "out"

    def build():
        lines: list[str] = []
        (run,) = run_labs([lab], out, package, jobs=1, log=lines.append)
        return run.executed, output_text(run.notebook), lines

    executed, text, lines = build()
    assert (executed, text) == (True, "1")
    assert lines[0].startswith("lab probe") and lines[0].endswith(" s")
    executed, _, lines = build()
    assert not executed and "cached" in lines[0]  # nothing changed: nothing executes

    (package.parent / "dlbook_tools" / "grader.py").write_text("POINTS = 2\n")
    assert not build()[0]  # the tooling changed: no lab depends on it

    (package / "mod.py").write_text("def value():\n    return 2\n")
    assert build()[:2] == (True, "2")  # the reference package changed: re-executed, new output

    lab.write_text(lab.read_text() + "print('more')\n")
    assert build()[0]  # the lab changed
    timings = json.loads((out / "timings.json").read_text())
    assert timings["labs"]["probe"]["executed"] is True and timings["labs"]["probe"]["seconds"] > 0


def test_the_key_covers_the_reference_package_and_only_it():
    package = reference_package()
    assert package == __import__("pathlib").Path(dlbook.__file__).resolve().parent
    assert not any("dlbook_tools" in p.parts for p in package.rglob("*"))
    assert len(package_digest(package)) == 64


@pytest.mark.slow
def test_a_failing_cell_names_the_lab_and_cell_and_the_others_are_cached(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "labs").mkdir()
    broken, good = tmp_path / "labs" / "01-broken.py", tmp_path / "labs" / "02-good.py"
    broken.write_text("# %%\nx = 1\n\n# %%\nraise ValueError('lab is broken')\n")
    good.write_text("# %%\nprint('fine')\n")
    lines: list[str] = []
    with pytest.raises(UserError) as info:
        run_labs([broken, good], tmp_path / "out", tmp_path / "labs", jobs=1, log=lines.append)
    message = str(info.value)
    assert "lab labs/01-broken.py failed at cell 2 (line 4), starting `raise ValueError('lab is broken')`" in message
    assert "ValueError: lab is broken" in message and "\x1b[" not in message
    assert not (tmp_path / "out" / "01-broken.ipynb").exists()
    assert any("FAILED" in line for line in lines)
    timings = json.loads((tmp_path / "out" / "timings.json").read_text())["labs"]
    assert timings["01-broken"] == {"failed": True} and timings["02-good"]["executed"] is True
    # The lab that passed is cached: the next build re-executes only the broken one.
    runs = run_labs([good], tmp_path / "out", tmp_path / "labs", jobs=1, log=lines.append)
    assert not runs[0].executed


def test_jobs_default_to_the_cores_and_the_environment_overrides(monkeypatch):
    monkeypatch.delenv("DLBOOK_BOOK_JOBS", raising=False)
    assert default_jobs() >= 1
    monkeypatch.setenv("DLBOOK_BOOK_JOBS", "3")
    assert default_jobs() == 3
    monkeypatch.setenv("DLBOOK_BOOK_JOBS", "many")
    with pytest.raises(UserError, match="DLBOOK_BOOK_JOBS"):
        default_jobs()


@pytest.mark.slow
def test_a_kernel_that_dies_names_the_cell_and_shows_what_it_said(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lab = tmp_path / "dies.py"
    lab.write_text("# %%\nimport os, sys\n\n# %%\nsys.__stderr__.write('native crash report\\n')\n"
                   "sys.__stderr__.flush()\nos._exit(1)\n")
    with pytest.raises(UserError, match=r"(?s)lab dies\.py failed at cell 2 \(line 4\).*native crash report"):
        run_labs([lab], tmp_path / "out", tmp_path, jobs=1, log=lambda _: None)


@pytest.mark.slow
def test_labs_side_by_side_share_the_cores_threads(tmp_path, package, monkeypatch):
    """Each of `jobs` kernels gets cores // jobs native threads (at least one), so parallel
    labs do not oversubscribe the cores; torch reads the cap when it loads."""
    from dlbook_tools.threads import cpu_cores

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    labs = []
    for name in ("one", "two"):
        lab = tmp_path / "labs" / f"{name}.py"
        lab.parent.mkdir(exist_ok=True)
        lab.write_text("# %%\nimport os\nimport torch\nprint(os.environ['OMP_NUM_THREADS'], torch.get_num_threads())\n")
        labs.append(lab)
    runs = run_labs(labs, tmp_path / "out", package, jobs=2, log=lambda _: None)
    share = str(max(1, cpu_cores() // 2))
    assert [output_text(r.notebook).split() for r in runs] == [[share, share]] * 2
