"""Collecting submissions as classes hand them in: each LMS layout recognised from its
structure, the student named as the layout names them, only the latest attempt kept, and
hostile archives and names kept in their place. Fixtures are built here, in each system's
published naming (see dlbook_tools.grading.collect's docstring for the sources)."""

from __future__ import annotations

import json
import os
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from dlbook_tools.grading.collect import Collected, collect

SET = "ch02-perceptron"


def nb(assignment: str | None = SET, marker: str = "") -> bytes:
    meta = {"otter": {"assignment_name": assignment}} if assignment else {}
    cells = [{"cell_type": "code", "metadata": {}, "source": f"x = 1  # {marker}", "outputs": [],
              "execution_count": None}]
    return json.dumps({"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}).encode()


def write(root: Path, files: dict[str, bytes | str]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return root


def make_zip(path: Path, files: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def by_student(found: list[Collected]) -> dict[str, Collected]:
    out = {c.student: c for c in found}
    assert len(out) == len(found), [c.student for c in found]
    return out


def marker(c: Collected) -> str:
    return json.loads(c.path.read_bytes())["cells"][0]["source"].split("# ")[1]


# -- Canvas -------------------------------------------------------------------------------------

CANVAS = {
    # <lastfirst>[_LATE]_<user id>_<attachment id>_<display name>
    "smithjane_1001_50001_ch02-perceptron.ipynb": nb(marker="jane-1"),
    "smithjane_1001_50007_ch02-perceptron-1.ipynb": nb(marker="jane-2"),  # re-uploaded: -1, later id
    "müllerjürgen_LATE_1002_50003_ch02-perceptron.ipynb": nb(marker="jürgen"),
    "doejohn_1003_50004_notes.pdf": b"%PDF-1.4",
    "roefrank_1004_text.html": "<p>my answer</p>",
    "anon_x7Kq2_50009_ch02-perceptron.ipynb": nb(marker="anon"),
}


@pytest.mark.parametrize("as_zip", [True, False])
def test_canvas_download_names_students_and_keeps_the_latest_upload(tmp_path, as_zip):
    if as_zip:
        arg = make_zip(tmp_path / "CS101-hw2_submissions.zip", CANVAS)
    else:
        arg = write(tmp_path / "canvas", CANVAS)
    found, notes = collect([arg], assignment=SET, scratch=tmp_path / "scratch")
    got = by_student(found)
    assert set(got) == {"smithjane", "müllerjürgen", "doejohn", "roefrank", "anon_x7Kq2"}
    assert {c.layout for c in found} == {"canvas"}
    jane = got["smithjane"]
    assert jane.student_id == "1001" and marker(jane) == "jane-2"
    assert "left out 1 other file" in jane.note and "smithjane_1001_50001_ch02-perceptron.ipynb" in jane.note
    assert jane.key == os.path.join(str(arg), "smithjane_1001_50007_ch02-perceptron-1.ipynb")
    assert got["müllerjürgen"].student_id == "1002" and "LATE" in got["müllerjürgen"].note
    assert marker(got["müllerjürgen"]) == "jürgen"
    assert "not a notebook" in got["doejohn"].note and not got["doejohn"].path.is_file()
    assert "text entry" in got["roefrank"].note
    assert marker(got["anon_x7Kq2"]) == "anon"
    if as_zip:  # extracted under our own names, inside the scratch folder
        assert all(c.path.resolve().is_relative_to((tmp_path / "scratch").resolve()) for c in found if c.path.is_file())


def test_canvas_pick_prefers_the_notebook_of_the_assignment(tmp_path):
    arg = write(tmp_path / "dl", {"leeann_7_90_scratch.ipynb": nb("another-set", "other"),
                                  "leeann_7_80_ch02-perceptron.ipynb": nb(marker="right")})
    (c,), _ = collect([arg], assignment=SET)
    assert marker(c) == "right" and "scratch.ipynb" in c.note


# -- Gradescope ---------------------------------------------------------------------------------

GS_META = """\
---
submission_101:
  :submitters:
  - :name: Ada Lovelace
    :sid: '0001'
    :email: ada@example.edu
  :created_at: 2024-03-01 10:00:00.000000000 Z
  :score: 0.0
  :history: []
submission_102:
  :submitters:
  - :name: "<script>alert(1)</script>"
    :sid: '0002'
    :email: x@example.edu
  - :name: Grace Hopper
    :sid: '0003'
    :email: grace@example.edu
  :created_at: 2024-03-01 11:00:00.000000000 Z
  :history:
  - :submitters: []
    :created_at: 2024-02-28 09:00:00.000000000 Z
    :id: 99
submission_103:
  :submitters:
  - :name: Ada Lovelace
    :sid: '0001'
    :email: ada@example.edu
  :created_at: 2024-03-02 08:30:00.000000000 -05:00
submission_104:
  :submitters:
  - :name: "../x"
    :sid: ''
    :email: dots@example.edu
  :created_at: 2024-03-01 12:00:00.000000000 Z
"""


def gradescope_files(root: str = "assignment_4242_export/") -> dict[str, bytes | str]:
    return {f"{root}submission_metadata.yml": GS_META,
            f"{root}submission_101/ch02-perceptron.ipynb": nb(marker="ada-old"),
            f"{root}submission_102/ch02-perceptron.ipynb": nb(marker="group"),
            f"{root}submission_103/work/ch02-perceptron.ipynb": nb(marker="ada-new"),
            f"{root}submission_104/ch02-perceptron.ipynb": nb(marker="dots")}


@pytest.mark.parametrize("as_zip", [True, False])
def test_gradescope_export_names_submitters_and_keeps_the_latest(tmp_path, as_zip):
    if as_zip:
        arg = make_zip(tmp_path / "assignment_4242_export.zip", gradescope_files())
    else:
        arg = write(tmp_path / "export", gradescope_files(""))
    found, notes = collect([arg], assignment=SET, scratch=tmp_path / "scratch")
    got = by_student(found)
    assert set(got) == {"Ada Lovelace", "<script>alert(1)</script> & Grace Hopper", "../x"}
    ada = got["Ada Lovelace"]
    assert marker(ada) == "ada-new" and ada.student_id == "0001" and ada.email == "ada@example.edu"
    assert ada.submitted_at == datetime(2024, 3, 2, 13, 30, tzinfo=timezone.utc)
    assert "superseded submission_101/ch02-perceptron.ipynb" in ada.note
    group = got["<script>alert(1)</script> & Grace Hopper"]
    assert [m.id for m in group.members] == ["0002", "0003"] and "2 attempts" in group.note
    dots = got["../x"]  # a name is text: the path is still ours
    assert dots.student_id == "dots@example.edu" and marker(dots) == "dots"
    assert {c.layout for c in found} == {"gradescope"}


def test_gradescope_folder_missing_from_metadata_and_metadata_without_folder(tmp_path):
    arg = write(tmp_path / "export", {"submission_metadata.yml": GS_META.split("submission_102")[0],
                                      "submission_555/hw.ipynb": nb(marker="stray")})
    got = by_student(collect([arg])[0])
    assert got["submission_555"].note.startswith("submission_555 is not in")
    assert "no notebook" in got["Ada Lovelace"].note


# -- GitHub Classroom ---------------------------------------------------------------------------

def repo(root: Path, name: str, files: dict[str, bytes | str]) -> None:
    write(root / name, {".git/HEAD": "ref: refs/heads/main\n", **files})


def test_github_classroom_strips_the_shared_prefix(tmp_path):
    root = tmp_path / "clones"
    repo(root, "hw2-perceptron-octocat", {"ch02-perceptron.ipynb": nb(marker="octo")})
    repo(root, "hw2-perceptron-mona-lisa", {"README.md": "hi", "nb/ch02-perceptron.ipynb": nb(marker="mona")})
    repo(root, "hw2-perceptron-ödön", {})
    found, _ = collect([root], assignment=SET)
    got = by_student(found)
    assert set(got) == {"octocat", "mona-lisa", "ödön"}
    assert marker(got["mona-lisa"]) == "mona" and got["octocat"].student_id == "octocat"
    assert "no notebook" in got["ödön"].note
    assert {c.layout for c in found} == {"github-classroom"}


def test_github_classroom_clone_folder_names_the_prefix(tmp_path):
    # gh classroom clone student-repos: <slug>-submissions/<slug>-<user>; users sharing a prefix
    root = tmp_path / "hw2-submissions"
    repo(root, "hw2-john-a", {"x.ipynb": nb()})
    repo(root, "hw2-john-b", {"x.ipynb": nb()})
    assert {c.student for c in collect([root])[0]} == {"john-a", "john-b"}


def test_github_symlink_to_the_solution_is_not_followed(tmp_path):
    solution = write(tmp_path / "autograder", {"ch02-perceptron.ipynb": nb(marker="SOLUTION")})
    root = tmp_path / "clones"
    repo(root, "hw-eve", {})
    (root / "hw-eve" / "ch02-perceptron.ipynb").symlink_to(solution / "ch02-perceptron.ipynb")
    repo(root, "hw-bob", {"ch02-perceptron.ipynb": nb(marker="bob")})
    found, notes = collect([root])
    got = by_student(found)
    assert "no notebook" in got["eve"].note and not got["eve"].path.is_file()
    assert any("symbolic link" in n for n in notes)


# -- nbgrader -----------------------------------------------------------------------------------

def test_nbgrader_submitted_tree(tmp_path):
    course = write(tmp_path / "course", {
        "submitted/alice/ch02-perceptron/ch02-perceptron.ipynb": nb(marker="alice"),
        "submitted/alice/ch02-perceptron/timestamp.txt": "2024-03-01 10:30:47.524219 UTC",
        "submitted/bob/ch02-perceptron/ch02-perceptron.ipynb": nb(marker="bob"),
        "submitted/bob/ch02-perceptron/timestamp.txt": "2024-03-02 08:00:00.000000 UTC",
        "submitted/bob/ps1/ps1.ipynb": nb("ps1"),
        "source/ch02-perceptron/ch02-perceptron.ipynb": nb(marker="SOURCE"),
    })
    for arg in (course, course / "submitted"):
        found, notes = collect([arg], assignment=SET)
        got = by_student(found)
        assert set(got) == {"alice", "bob"} and marker(got["bob"]) == "bob"
        assert got["alice"].submitted_at == datetime(2024, 3, 1, 10, 30, 47, 524219, tzinfo=timezone.utc)
        assert got["alice"].student_id == "alice" and got["alice"].layout == "nbgrader"
        assert any("left out ps1" in n for n in notes)


def test_nbgrader_inbound_keeps_the_latest_timestamp(tmp_path):
    inbound = write(tmp_path / "inbound", {
        "alice+ch02-perceptron+2024-03-01 10:00:00.000000 UTC+a1b2/ch02-perceptron.ipynb": nb(marker="first"),
        "alice+ch02-perceptron+2024-03-03 09:00:00.000000 UTC+c3d4/ch02-perceptron.ipynb": nb(marker="second"),
        "bob+ch02-perceptron+2024-03-02 12:00:00.000000 UTC/ch02-perceptron.ipynb": nb(marker="bob"),
    })
    got = by_student(collect([inbound], assignment=SET)[0])
    assert marker(got["alice"]) == "second" and "superseded" in got["alice"].note
    assert got["alice"].submitted_at == datetime(2024, 3, 3, 9, tzinfo=timezone.utc)
    assert marker(got["bob"]) == "bob"


# -- plain folders, unknown layouts -------------------------------------------------------------

def test_plain_folder_names_by_stem_or_by_the_students_folder(tmp_path):
    root = write(tmp_path / "subs", {
        "carol.ipynb": nb(), "dave.zip": b"PK\x05\x06" + b"\0" * 18,
        "erin/ch02-perceptron.ipynb": nb(), "section2/frank.ipynb": nb(), "section2/gina.ipynb": nb(),
        "notes.txt": "x", "世界.ipynb": nb(),
    })
    found, notes = collect([root])
    assert {c.student for c in found} == {"carol", "dave", "erin", "frank", "gina", "世界"}
    assert {c.layout for c in found} == {"folder"}
    assert {c.key for c in found} >= {os.path.join(str(root), "erin", "ch02-perceptron.ipynb")}
    assert any("ignored 1 other files" in n for n in notes)


def test_unknown_layout_is_a_plain_folder_and_nothing_is_dropped(tmp_path):
    # looks almost like Canvas, but one file is not Canvas-named: a plain folder, every file kept
    root = write(tmp_path / "mixed", {"smithjane_1001_50001_hw.ipynb": nb(), "smithjane-v2.ipynb": nb()})
    found, _ = collect([root])
    assert {c.layout for c in found} == {"folder"} and len(found) == 2


def test_an_otter_export_zip_is_one_submission(tmp_path):
    z = make_zip(tmp_path / "hank.zip", {"ch02-perceptron.ipynb": nb(), "otter_submission.json": "{}"})
    (c,), _ = collect([z])
    assert (c.student, c.path, c.layout, c.key) == ("hank", z, "folder", str(z))


def test_missing_file_still_gets_a_row(tmp_path):
    (c,), _ = collect([tmp_path / "nobody.ipynb"])
    assert c.student == "nobody" and not c.path.exists()


# -- hostile archives ---------------------------------------------------------------------------

def test_zip_with_dotdot_member_is_refused(tmp_path):
    files = gradescope_files("")
    files["../x.ipynb"] = nb()
    z = make_zip(tmp_path / "export.zip", files)
    found, notes = collect([z], scratch=tmp_path / "scratch")
    assert found == [] and any("unsafe path" in n for n in notes)
    assert not (tmp_path / "x.ipynb").exists()


def test_canvas_zip_with_absolute_member_is_refused(tmp_path):
    z = make_zip(tmp_path / "c.zip", {"smithjane_1_2_hw.ipynb": nb()})
    with zipfile.ZipFile(z, "a") as zf:
        zf.writestr("/etc/evil_1_2_x.ipynb", nb())
    found, notes = collect([z], scratch=tmp_path / "s")
    assert found == [] and any("unsafe path" in n for n in notes)


def test_oversized_and_control_character_members(tmp_path, monkeypatch):
    from dlbook_tools.grading.collect import archives

    monkeypatch.setattr(archives, "MAX_NOTEBOOK", 1000)
    z = make_zip(tmp_path / "c.zip", {"bigbob_5_6_hw.ipynb": nb() + b" " * 2000,
                                      "evil\x1b]0;pwned\x07_7_8_hw.ipynb": nb()})
    found, notes = collect([z], scratch=tmp_path / "s")
    # the escape-laden name is not Canvas naming, so the zip is one (bad) submission; load() refuses it
    assert [c.layout for c in found] == ["folder"]
    z2 = make_zip(tmp_path / "c2.zip", {"bigbob_5_6_hw.ipynb": nb() + b" " * 2000, "amy_9_10_hw.ipynb": nb()})
    got = by_student(collect([z2], scratch=tmp_path / "s")[0])
    assert "over" in got["bigbob"].note and not got["bigbob"].path.is_file()
    assert got["amy"].path.is_file()


def test_control_characters_never_reach_names_or_keys(tmp_path):
    meta = GS_META.replace("Ada Lovelace", "Ada\\x1b[31mRED")
    meta = meta.replace(":name: Ada", ':name: "Ada').replace("RED\n", 'RED"\n')
    arg = write(tmp_path / "export", {**gradescope_files(""), "submission_metadata.yml": meta})
    for c in collect([arg])[0]:
        assert "\x1b" not in c.student and "\x1b" not in c.key and "\x1b" not in c.note


def test_gradescope_metadata_with_a_python_tag_is_not_executed(tmp_path):
    evil = "submission_1:\n  :submitters: !!python/object/apply:os.system ['touch PWNED']\n"
    arg = write(tmp_path / "export", {"submission_metadata.yml": evil, "submission_1/hw.ipynb": nb()})
    found, notes = collect([arg])
    assert [c.student for c in found] == ["submission_1"] and any("cannot read" in n for n in notes)
    assert not (Path.cwd() / "PWNED").exists()


def test_collected_notebooks_load_for_grading(tmp_path):
    from dlbook_tools.grading.submissions import Submission, load

    z = make_zip(tmp_path / "dl.zip", CANVAS)
    for c in collect([z], assignment=SET, scratch=tmp_path / "s")[0]:
        if c.path.is_file():
            assert load(Submission(c.key, c.path), SET).assignment == SET
