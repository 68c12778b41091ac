"""Reading what a class hands in, without running it (no sandbox, no bubblewrap): every bad
notebook or zip is refused with the gradebook's status and a reason, and a good one yields
its code cells."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from dlbook_tools import notebooks
from dlbook_tools.grading import submissions
from dlbook_tools.grading.collect import collect
from dlbook_tools.grading.submissions import Rejected, Submission, load

SET = "ch02-perceptron"


def notebook(assignment: str | None = SET, cells: list | None = None) -> bytes:
    meta = {"otter": {"assignment_name": assignment}} if assignment else {}
    cells = cells if cells is not None else [
        {"cell_type": "markdown", "metadata": {}, "source": "# Perceptron"},
        {"cell_type": "code", "metadata": {}, "source": ["import numpy as np\n", "x = 1"],
         "outputs": [], "execution_count": None},
        {"cell_type": "code", "metadata": {}, "source": "def f(z):\n    return z", "outputs": [],
         "execution_count": None},
    ]
    return json.dumps({"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}).encode()


def put(tmp_path: Path, name: str, data: bytes) -> Submission:
    path = tmp_path / name
    path.write_bytes(data)
    return Submission(name, path)


def zipped(tmp_path: Path, name: str, members: dict[str, bytes], compress: int = zipfile.ZIP_STORED) -> Submission:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", compress) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return Submission(name, path)


def rejected(sub: Submission) -> tuple[str, str]:
    with pytest.raises(Rejected) as info:
        load(sub, SET)
    return info.value.status, info.value.reason


# -- good ones ---------------------------------------------------------------------------------------

def test_a_notebook_yields_its_code_cells_numbered_as_in_jupyter(tmp_path):
    loaded = load(put(tmp_path, "hw.ipynb", notebook()), SET)
    assert loaded.cells == [[2, "import numpy as np\nx = 1"], [3, "def f(z):\n    return z"]]
    assert (loaded.name, loaded.assignment, loaded.notebook) == ("hw.ipynb", SET, notebook())


def test_a_notebook_without_an_assignment_name_is_still_graded(tmp_path):
    assert load(put(tmp_path, "hw.ipynb", notebook(assignment=None)), SET).assignment is None


def test_an_exported_zip_yields_its_notebook(tmp_path):
    sub = zipped(tmp_path, "export.zip", {f"{SET}.ipynb": notebook(), f"{SET}.pdf": b"%PDF-1.4",
                                          "__MACOSX/._x.ipynb": b"junk"}, zipfile.ZIP_DEFLATED)
    loaded = load(sub, SET)
    assert loaded.name == f"{SET}.ipynb" and len(loaded.cells) == 2


def test_of_several_notebooks_in_a_zip_the_one_named_for_the_assignment_is_graded(tmp_path):
    sub = zipped(tmp_path, "two.zip", {"scratch.ipynb": notebook("other"), f"work/{SET}.ipynb": notebook()})
    assert load(sub, SET).assignment == SET


def test_a_member_name_becomes_a_safe_file_name(tmp_path):
    sub = zipped(tmp_path, "odd.zip", {"dir/my notebook; rm -rf ~.ipynb": notebook()})
    assert load(sub, SET).name == "my notebook_ rm -rf _.ipynb"


# -- bad notebooks ------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, reason", [
    (b"", "the file is empty"),
    (b"  \n\t", "the file is empty"),
    (b"def f():\n    return 1\n", "not valid JSON (line 1, column 1)"),
    (bytes(range(256)) * 4, "not UTF-8 text (byte 128): binary or another encoding"),
    ('{"cells": [], "nbformat": 4, "metadata": {"title": "café"}}'.encode("latin-1"), "not UTF-8 text (byte 55)"),
    (b'{"a": [1, 2]}', "JSON, but not a Jupyter notebook (no cells and nbformat)"),
    (b"[1, 2]", "JSON, but not a Jupyter notebook"),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    (notebook(cells=["not a cell"]), "cell 1 is not a cell"),
    (notebook(cells=[{"cell_type": "code", "source": 42}]), "cell 1 has no text source"),
], ids=["empty", "blank", "not JSON", "binary", "latin-1", "JSON, not a notebook", "a JSON list", "deep JSON",
        "a cell that is not one", "a cell without text"])
def test_a_bad_notebook_is_refused_with_its_reason(tmp_path, data, reason):
    status, why = rejected(put(tmp_path, "hw.ipynb", data))
    assert status == "invalid notebook" and why.startswith(reason), why


def test_a_notebook_of_another_assignment_is_refused(tmp_path):
    assert rejected(put(tmp_path, "hw.ipynb", notebook("ch99-elsewhere"))) == \
        ("wrong assignment", f"a notebook of 'ch99-elsewhere', not '{SET}'")


def test_a_missing_file_and_a_folder_get_rows(tmp_path):
    assert rejected(Submission("gone.ipynb", tmp_path / "gone.ipynb")) == ("not found", "no such file")
    (tmp_path / "dir.ipynb").mkdir()
    assert rejected(Submission("dir.ipynb", tmp_path / "dir.ipynb")) == ("invalid notebook", "not a regular file")


def test_an_oversized_notebook_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(notebooks, "MAX_BYTES", 1000)
    status, why = rejected(put(tmp_path, "hw.ipynb", notebook() + b" " * 2000))
    assert status == "invalid notebook" and "over the 0 MiB limit" in why


# -- bad zips -------------------------------------------------------------------------------------------

def test_a_zip_with_a_path_outside_is_refused(tmp_path):
    for evil in ("../../evil.py", "/etc/evil", "C:\\evil.py", "a/../../b.ipynb"):
        sub = zipped(tmp_path, "slip.zip", {f"{SET}.ipynb": notebook(), evil: b"print('escaped')"})
        assert rejected(sub) == ("invalid zip", f"unsafe path in the zip: {evil!r}"), evil


def test_a_zip_bomb_is_refused_before_anything_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_ZIP_EXPANDED", 2**20)
    sub = zipped(tmp_path, "bomb.zip", {f"{SET}.ipynb": notebook(), "padding.bin": bytes(2 * 2**20)},
                 zipfile.ZIP_DEFLATED)
    assert sub.path.stat().st_size < 2**16
    assert rejected(sub) == ("invalid zip", "expands to 2 MiB (limit 1 MiB): a zip bomb?")


def test_a_notebook_that_expands_too_far_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(notebooks, "MAX_BYTES", 1000)
    sub = zipped(tmp_path, "big.zip", {f"{SET}.ipynb": notebook() + b" " * 5000}, zipfile.ZIP_DEFLATED)
    assert rejected(sub) == ("invalid zip", "the notebook expands past 0 MiB")


def test_a_zip_with_too_many_members_is_refused(tmp_path):
    members = {f"f{i}.txt": b"" for i in range(submissions.MAX_ZIP_MEMBERS + 1)}
    sub = zipped(tmp_path, "many.zip", {f"{SET}.ipynb": notebook(), **members})
    assert rejected(sub) == ("invalid zip", f"{submissions.MAX_ZIP_MEMBERS + 2} files in the zip "
                                            f"(limit {submissions.MAX_ZIP_MEMBERS}): a zip bomb?")


@pytest.mark.parametrize("members, reason", [
    ({"notes.txt": b"hi"}, "no notebook (.ipynb) in the zip"),
    ({"a.ipynb": notebook(), "b.ipynb": notebook()}, f"2 notebooks in the zip and none is the only {SET}.ipynb"),
    ({f"{SET}.ipynb": b""}, "the file is empty"),
], ids=["no notebook", "two notebooks", "an empty notebook"])
def test_a_zip_without_one_gradable_notebook_is_refused(tmp_path, members, reason):
    status, why = rejected(zipped(tmp_path, "hw.zip", members))
    assert why == reason and status in ("invalid zip", "invalid notebook")


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    assert rejected(put(tmp_path, "junk.zip", b"PK\x03\x04" + bytes(100))) == \
        ("invalid zip", "not a readable zip file (File is not a zip file)")


# -- finding them -----------------------------------------------------------------------------------------

def test_collect_finds_each_file_once_keyed_by_its_path(tmp_path):
    for folder in ("alice", "bob", ".git", "__MACOSX", "alice/.ipynb_checkpoints"):
        (tmp_path / "subs" / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / "subs" / folder / f"{SET}.ipynb").write_bytes(notebook())
    (tmp_path / "subs" / "bob" / "notes.txt").write_text("")
    (tmp_path / "subs" / "carol.zip").write_bytes(b"")
    arg = str(tmp_path / "subs")
    found, notes = collect([arg, str(tmp_path / "subs" / "alice" / f"{SET}.ipynb"), "missing.ipynb"])
    assert [s.key for s in found] == [f"{arg}/carol.zip", f"{arg}/alice/{SET}.ipynb", f"{arg}/bob/{SET}.ipynb",
                                      "missing.ipynb"]
    assert notes == [f"{arg}: ignored 1 other files (not .ipynb or .zip)"]
