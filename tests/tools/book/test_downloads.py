"""Exercise downloads: every file of a built set's student folder, zipped under <set>/."""

from __future__ import annotations

import zipfile

import pytest

from dlbook_tools.book.downloads import build_downloads
from dlbook_tools.errors import UserError
from dlbook_tools.exercises.sets import discover


def fake_set(tmp_path, name="ch99-demo", built=True):
    (tmp_path / "exercises" / name).mkdir(parents=True)
    (tmp_path / "exercises" / name / f"{name}.py").write_text("# %%\n")
    student = tmp_path / "build" / "exercises" / name / "student"
    if built:
        (student / "tests").mkdir(parents=True)
        (student / f"{name}.ipynb").write_text("{}")
        (student / "tests" / "q1.py").write_text("OK_FORMAT = False\n")
        (student / "requirements.txt").write_text("numpy\n")
        (student / "tests" / "__pycache__").mkdir()
        (student / "tests" / "__pycache__" / "q1.cpython-311.pyc").write_bytes(b"\0")
    return discover(tmp_path / "exercises", tmp_path / "build" / "exercises")


def test_zip_holds_every_student_file_and_the_notebook_is_served(tmp_path):
    sets = fake_set(tmp_path)
    served = dict(build_downloads(sets.values(), tmp_path / "out"))
    assert set(served) == {"exercises/ch99-demo.zip", "exercises/ch99-demo.ipynb"}
    assert served["exercises/ch99-demo.ipynb"] == sets["ch99-demo"].student_notebook
    with zipfile.ZipFile(served["exercises/ch99-demo.zip"]) as zf:
        assert sorted(zf.namelist()) == ["ch99-demo/ch99-demo.ipynb", "ch99-demo/requirements.txt",
                                         "ch99-demo/tests/q1.py"]
        assert zf.read("ch99-demo/tests/q1.py") == b"OK_FORMAT = False\n"


def test_an_unchanged_set_keeps_its_zip_byte_for_byte(tmp_path):
    sets = fake_set(tmp_path)
    bundle = dict(build_downloads(sets.values(), tmp_path / "out"))["exercises/ch99-demo.zip"]
    before = (bundle.read_bytes(), bundle.stat().st_mtime_ns)
    build_downloads(sets.values(), tmp_path / "out")
    assert (bundle.read_bytes(), bundle.stat().st_mtime_ns) == before


def test_an_unbuilt_set_says_how_to_build_it(tmp_path):
    with pytest.raises(UserError, match="ch99-demo.*dlbook exercises build"):
        build_downloads(fake_set(tmp_path, built=False).values(), tmp_path / "out")
