"""Runs of `dlbook grade` as a whole: safe by default (no sandbox, no grading, unless
--unsandboxed, said in every row), a re-run grades only what changed, --force leaves
exactly this run's submissions, a killed run's temporary folders go with the next run, and
an unprivileged user grades with bubblewrap's user namespaces."""

from __future__ import annotations

import csv
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from support import BIN

SET = "ch03-losses"  # numpy only: quick to grade


@pytest.fixture(scope="module")
def ex():
    from dlbook_tools.exercises.build import build_set
    from dlbook_tools.exercises.sets import select

    found = select([SET])[0]
    build_set(found, log=lambda *_: None)
    return found


def grade(*args: str, cwd: Path, env: dict | None = None, user: list[str] | None = None) -> subprocess.CompletedProcess:
    cmd = [*(user or []), str(BIN / "dlbook"), "grade", *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def rows(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "grades.csv", newline="") as f:
        return {r["submission"]: r for r in csv.DictReader(f)}


def two_submissions(ex, folder: Path) -> Path:
    (folder / "subs").mkdir(parents=True)
    shutil.copyfile(ex.solution_notebook, folder / "subs" / "solution.ipynb")
    shutil.copyfile(ex.student_notebook, folder / "subs" / "blank.ipynb")
    return folder / "subs"


def test_without_a_sandbox_it_refuses_in_one_line(ex, tmp_path):
    two_submissions(ex, tmp_path)
    proc = grade(SET, "subs", "--out", "out", cwd=tmp_path, env={"DLBOOK_GRADE_SANDBOX": "rlimits"})
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "--unsandboxed" in proc.stderr and not (tmp_path / "out").exists()
    no_bwrap = grade(SET, "subs", "--out", "out", cwd=tmp_path, env={"PATH": "/nonexistent"})
    assert no_bwrap.returncode == 2 and no_bwrap.stderr.count("\n") == 1, no_bwrap.stderr
    assert "bubblewrap (bwrap) is not installed" in no_bwrap.stderr
    assert "sudo apt-get install bubblewrap" in no_bwrap.stderr and "sudo dnf install bubblewrap" in no_bwrap.stderr


def test_unsandboxed_grades_and_says_so_everywhere(ex, tmp_path):
    two_submissions(ex, tmp_path)
    proc = grade(SET, "subs", "--out", "out", "--unsandboxed", cwd=tmp_path,
                 env={"DLBOOK_GRADE_SANDBOX": "rlimits"})
    assert proc.returncode == 0, proc.stderr
    assert "WARNING: --unsandboxed" in proc.stderr and "NOT isolated here:" in proc.stderr
    graded = rows(tmp_path / "out")
    assert graded["subs/solution.ipynb"]["score"] == graded["subs/solution.ipynb"]["max_score"]
    assert all(r["note"].startswith("UNSANDBOXED: graded without isolation") for r in graded.values())


def test_a_rerun_grades_only_what_changed_and_force_keeps_only_this_run(ex, tmp_path):
    subs = two_submissions(ex, tmp_path)
    first = grade(SET, "subs", "--out", "out", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = rows(tmp_path / "out")
    again = grade(SET, "subs", "--out", "out", cwd=tmp_path)
    assert "2 of 2 submissions are already in" in again.stderr and "Graded 0 submissions" in again.stdout
    shutil.copyfile(ex.solution_notebook, subs / "blank.ipynb")  # a resubmission
    changed = grade(SET, "subs", "--out", "out", cwd=tmp_path)
    assert "1 of 2 submissions are already in" in changed.stderr and "Graded 1 submission " in changed.stdout
    assert rows(tmp_path / "out")["subs/blank.ipynb"]["score"] == before["subs/solution.ipynb"]["score"]
    # A test fixed after the first run: the same tests' text, changed, regrades everything.
    fixed = tmp_path / f"{SET}-autograder.zip"
    with zipfile.ZipFile(ex.autograder_zip) as src, zipfile.ZipFile(fixed, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data + b"\n# fixed\n" if item.filename == "tests/q1.py" else data)
    retested = grade(str(fixed), "subs", "--out", "out", cwd=tmp_path)
    assert "Graded 2 submissions" in retested.stdout, retested.stdout + retested.stderr
    # --force with one submission: the gradebook holds exactly that one, and the other's feedback goes.
    forced = grade(SET, "subs/solution.ipynb", "--out", "out", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "Graded 1 submission " in forced.stdout, forced.stderr
    assert list(rows(tmp_path / "out")) == ["subs/solution.ipynb"]
    assert len(list((tmp_path / "out" / "submissions").iterdir())) == 1


def test_the_next_run_removes_what_a_killed_run_left(ex, tmp_path):
    two_submissions(ex, tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    dead = tmp / "dlbook-grade-run-dead"  # a killed run's folder: its lock is free
    (dead / "dlbook-grade-w-x" / "scratch").mkdir(parents=True)
    (dead / ".lock").write_text("")
    alive = tmp / "dlbook-grade-run-alive"  # a run still going: its lock is held
    alive.mkdir()
    with open(alive / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        proc = grade(SET, "subs", "--out", "out", cwd=tmp_path, env={"TMPDIR": str(tmp)})
        assert proc.returncode == 0, proc.stderr
        assert sorted(p.name for p in tmp.iterdir()) == ["dlbook-grade-run-alive"]
    assert "removed 1 temporary folders left by a killed run" in (tmp_path / "out" / "grade.log").read_text()


NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _as(user: list[str], *cmd: str) -> bool:
    return subprocess.run([*user, *cmd], capture_output=True, timeout=30).returncode == 0


def _unprivileged(tmp: Path) -> list[str]:
    """The command prefix that runs a command as an unprivileged user who can run this Python
    (a Python installed under root's home is shown to it in a mount namespace of its own)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("no setpriv to become an unprivileged user")
    prefix = Path(os.path.realpath(sys.base_prefix))
    if _as(NOBODY, "test", "-r", str(prefix / "bin")):
        return NOBODY
    blocked = next((a for a in reversed(prefix.parents) if not _as(NOBODY, "test", "-x", str(a))), None)
    if blocked is None or shutil.which("unshare") is None:
        pytest.skip(f"this Python ({prefix}) is not readable by an unprivileged user")
    child = prefix.parents[len(prefix.parents) - len(blocked.parts) - 1] if prefix.parent != blocked else prefix
    staging = tmp / "staging"
    staging.mkdir()
    script = (f'mount --bind "{child}" "{staging}" && mount -t tmpfs -o mode=0755 none "{blocked}" && '
              f'mkdir -p "{child}" && mount --bind "{staging}" "{child}" && exec "$@"')
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", *NOBODY]


def test_an_unprivileged_user_grades_with_bubblewrap(ex, tmp_path, request):
    """Not root: bubblewrap in a user namespace of its own, no uid to drop to."""
    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is not installed")
    user = _unprivileged(tmp_path)
    if not _as(user, "bwrap", "--unshare-user", "--unshare-net", "--ro-bind", "/", "/", "true"):
        pytest.skip("unprivileged user namespaces are disabled here (bubblewrap cannot start as a user)")
    # A folder the user can reach by its path (pytest's tmp_path is under root's 0700 folder):
    # grader processes start in the same working folder, by path.
    work = Path(tempfile.mkdtemp(prefix="dlbook-unprivileged-"))
    os.chmod(work, 0o777)
    request.addfinalizer(lambda: shutil.rmtree(work, ignore_errors=True))
    two_submissions(ex, work)
    for p in [work / "subs", *(work / "subs").iterdir()]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    (work / "tmp").mkdir()
    os.chmod(work / "tmp", 0o777)
    proc = grade(SET, "subs", "--out", "out", cwd=work, user=user,
                 env={"TMPDIR": str(work / "tmp"), "HOME": str(work)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "isolation: bubblewrap" in proc.stderr and "unprivileged uid" not in proc.stderr
    graded = rows(work / "out")
    assert graded["subs/solution.ipynb"]["score"] == graded["subs/solution.ipynb"]["max_score"]
    assert graded["subs/blank.ipynb"]["score"] == "0"
    assert (work / "out" / "grades.csv").stat().st_uid == (65534 if user else os.geteuid())
    assert not list((work / "tmp").iterdir())
