"""`dlbook grade` on real submissions of a real exercise set: honest ones score what otter
gives them, hostile ones earn nothing they did not earn, and every one gets a row.

Most submissions are graded in one `dlbook grade` run (a module fixture), as an
instructor would grade a class; the tests then read its gradebook and files.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from support import BIN, GRADING_FIXTURE, ROOT, exercise_sets, insert_mistake, run_cli

SET = GRADING_FIXTURE.name
ZIP = str(GRADING_FIXTURE.autograder_zip)  # graded by its autograder zip, as from Gradescope
TIMEOUT = "10"
def run_uids(pid: int) -> range:
    """The sandbox uids of the run whose main process is `pid` (not another run on this machine)."""
    base = 1_000_000_000 + (pid % 100_000) * 100
    return range(base, base + 100)


# -- building submissions ----------------------------------------------------------------------

def solution_nb(ex):
    return nbformat.read(ex.solution_notebook, as_version=4)


def filled_template(ex, *mutants: Path):
    """The student template answered with the solution, with mutants before their checks."""
    nb = nbformat.read(ex.student_notebook, as_version=4)
    for mine, ref in zip(nb.cells, solution_nb(ex).cells):
        mine.source = ref.source
    for m in mutants:
        insert_mistake(nb, m)
    return nb


def with_cell(nb, code: str, where: str = "end"):
    """Add a code cell: at the "start" (after the imports), at the "end", or "before qN"'s check."""
    cell = nbformat.v4.new_code_cell(code)
    if where == "end":
        nb.cells.append(cell)
    elif where == "start":
        at = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "import numpy" in c.source)
        nb.cells.insert(at + 1, cell)
    else:
        q = where.split()[-1]
        at = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and f'grader.check("{q}")' in c.source)
        nb.cells.insert(at, cell)
    return nb


def write(nb, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


BLANK_ANSWERS = """
def sigmoid(z): return np.zeros_like(np.asarray(z, dtype=float))
def sigmoid_grad(z): return np.zeros_like(np.asarray(z, dtype=float))
def tanh_grad(z): return np.zeros_like(np.asarray(z, dtype=float))
def relu_grad(z): return np.zeros_like(np.asarray(z, dtype=float))
def dense(X, W, b, g): return np.zeros((len(X), np.shape(W)[1]))
def forward(X, params): return np.zeros((len(X), np.shape(params[-1][0])[1]))
def xor_weights(): return np.zeros((2, 2)), np.zeros(2), np.zeros((2, 1)), np.zeros(1)
def decision_boundary(w, w_0): return 0.0, 0.0
"""

FORGE_NUMPY = """
import numpy, numpy as np
for name in ("allclose", "array_equal", "array_equiv"):
    setattr(numpy, name, lambda *a, **k: True)
numpy.isclose = lambda *a, **k: numpy.ones(1, dtype=bool)
numpy.all = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
"""

FORGE_OTTER = """
import sys, gc
sys.modules.pop("otter", None)
import otter.test_files.exception_test as et, otter.test_files.abstract_test as at
et.test_case.call_func = lambda self, env: None
et.ExceptionTestFile.run = lambda self, env: None
at.TestFile.score = property(lambda self: 1000)
at.TestFile.passed_all = property(lambda self: True)
for obj in gc.get_objects():  # any test function within reach? (there is none)
    if getattr(obj, "__name__", "").startswith("test_") and callable(obj):
        obj.__code__ = (lambda *a, **k: None).__code__
"""

FORGE_BUILTINS = """
import builtins
builtins.AssertionError = type("AssertionError", (BaseException,), {})
builtins.isinstance = lambda *a: True
builtins.abs = lambda x: 0
builtins.all = lambda *a: True
builtins.float = lambda *a: 0.0
"""

FORGE_EQ = """
import numpy as np
class Anything:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __lt__ = __le__ = __gt__ = __ge__ = __eq__
    def __bool__(self): return True
    def __array__(self, *a, **k): return np.ones(4)
    def __float__(self): return 0.5
    def __getattr__(self, name): return self
    def __call__(self, *a, **k): return self
    def __iter__(self): return iter([self, self, self, self])
    def __len__(self): return 4
class LiarArray(np.ndarray):
    def __eq__(self, other): return np.ones(np.shape(other), dtype=bool)
    def __array_ufunc__(self, *a, **k): return np.ones(1, dtype=bool)
class Liar(float):
    def __eq__(self, other): return True
    def __sub__(self, other): return 0.0
    __rsub__ = __sub__
def sigmoid(z): return Anything()
def sigmoid_grad(z): return np.zeros(np.shape(z)).view(LiarArray)
def tanh_grad(z): return Anything()
def relu_grad(z): return np.zeros(np.shape(z)).view(LiarArray)
def dense(X, W, b, g): return Anything()
def forward(X, params): return np.zeros((len(X), 1)).view(LiarArray)
def xor_weights(): return Anything(), Anything(), Anything(), Anything()
def decision_boundary(w, w_0): return Liar(0.0), Liar(0.0)
"""


def first_mutants(ex) -> list[tuple[str, str, Path]]:
    """One mutant per question (the first of each), to keep the class small."""
    seen: dict[str, tuple[str, str, Path]] = {}
    for q, mistake, path in ex.mutants():
        seen.setdefault(q, (q, mistake, path))
    return list(seen.values())


def build_submissions(ex, subs: Path, port: int, host_tmp: Path) -> dict[str, Path]:
    """Every submission of the class, keyed by a short name; returns name -> path."""
    hidden_tests = ex.all_tests / "q1.py"
    victim = subs / "honest" / "solution.ipynb"
    made: dict[str, Path] = {}

    def add(name: str, nb, folder: str = "hostile") -> None:
        made[name] = write(nb, subs / folder / f"{name}.ipynb")

    add("solution", solution_nb(ex), "honest")
    shutil.copyfile(ex.student_notebook, subs / "honest" / "blank.ipynb")
    made["blank"] = subs / "honest" / "blank.ipynb"
    add("partly_wrong", filled_template(ex, ex.source / "mutants" / "q2_tanh_grad_no_square.py",
                                        ex.source / "mutants" / "q5_or_network.py"), "honest")
    for q, mistake, path in first_mutants(ex):
        add(f"{q}_{mistake}", filled_template(ex, path), "mutants")
    # Two students, same file name, different folders: two submissions.
    made["alice"] = write(solution_nb(ex), subs / "class" / "alice" / f"{SET}.ipynb")
    made["bob"] = write(filled_template(ex, ex.source / "mutants" / "q1_sign.py"),
                        subs / "class" / "bob" / f"{SET}.ipynb")

    sol = lambda: solution_nb(ex)  # noqa: E731
    add("loop_top", with_cell(sol(), "while True:\n    pass", "start"))
    add("sleep_top", with_cell(sol(), "import time\ntime.sleep(10_000)", "start"))
    add("loop_in_call", with_cell(sol(), "def sigmoid(z):\n    while True:\n        pass", "before q1"))
    add("sys_exit", with_cell(with_cell(sol(), "import sys\nsys.exit(3)", "start"),
                              "import sys\ndef sigmoid(z):\n    sys.exit(0)", "before q1"))
    add("os_exit", with_cell(sol(), "import os\nos._exit(0)", "before q3"))
    add("segfault", with_cell(sol(), "import ctypes\nctypes.string_at(0)", "before q2"))
    add("segfault_in_call", with_cell(sol(), "import ctypes\ndef decision_boundary(w, w_0):\n"
                                             "    ctypes.string_at(0)", "before q6"))
    add("kill_parent", with_cell(sol(), "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"
                                        "os.kill(1, signal.SIGKILL)", "start"))
    add("memory_hog", with_cell(with_cell(sol(), "hog = []\nwhile True:\n    hog.append(bytearray(2**26))",
                                          "start"),
                                "def sigmoid(z):\n    return np.ones(10**10)", "before q1"))
    add("fork_bomb", with_cell(sol(), """
import os, time
children = []
try:
    for _ in range(5000):
        pid = os.fork()
        if pid == 0:
            time.sleep(10_000)
            os._exit(0)
        children.append(pid)
except OSError:
    pass
if len(children) > 200:  # the process limit did not hold: this answer turns wrong
    def sigmoid(z):
        return 0.5
""", "end"))
    add("output_flood", with_cell(sol(), """
import sys
for _ in range(100_000):
    print("x" * 1000)
for _ in range(200):
    sys.stderr.write("y" * 1_000_000)
""", "start"))
    add("huge_file", with_cell(sol(), """
chunk = b"z" * 2**20
written = 0
for target in ("big.bin", "/tmp/big.bin"):
    try:
        with open(target, "wb") as f:
            for _ in range(4096):  # 4 GiB, if nothing stopped it
                f.write(chunk)
                written += 1
    except OSError as err:
        print(err)
if written > 200:  # more than 200 MiB got written: this answer turns wrong
    def sigmoid(z):
        return 0.5
""", "start"))
    add("network", with_cell(sol(), f"""
import socket, urllib.request
reached = []
for host, port in [("127.0.0.1", {port}), ("1.1.1.1", 53), ("8.8.8.8", 443)]:
    try:
        socket.create_connection((host, port), timeout=2).close()
        reached.append(host)
    except OSError:
        pass
try:
    urllib.request.urlopen("http://example.com", timeout=2)
    reached.append("example.com")
except Exception:
    pass
if reached:  # any connection at all turns the answers wrong
    def sigmoid(z):
        return 0.5
""", "end"))
    add("write_outside", with_cell(sol(), f"""
wrote = []
targets = [{str(ROOT / 'PWNED')!r}, {str(host_tmp / 'PWNED')!r}, {str(victim)!r},
           {str(ex.all_tests / 'PWNED')!r}, "/etc/PWNED", "/root/PWNED", "/usr/PWNED", "/PWNED"]
for path in targets:
    try:
        with open(path, "w") as f:
            f.write("pwned")
        wrote.append(path)
    except OSError:
        pass
with open("/tmp/mine.txt", "w") as f:  # its private /tmp: allowed, and gone afterwards
    f.write("ok")
if wrote:
    def sigmoid(z):
        return 0.5
""", "end"))
    add("read_secrets", with_cell(sol(), f"""
import glob, os
stolen = []
for path in [{str(hidden_tests)!r}, {str(ex.autograder_zip)!r}, {str(ex.master)!r}, {str(victim)!r},
             {str(ROOT / 'build')!r}]:
    try:
        if os.path.isdir(path):
            stolen.append(str(os.listdir(path)))
        else:
            stolen.append(open(path).read())
    except OSError:
        pass
import sys
# What the sandbox shows on purpose: the Python install, the venv and dlbook's own source
# (a checkout under /tmp puts them inside /tmp's view).
shown = (sys.prefix, sys.base_prefix, {str(ROOT / 'src')!r})
for root in [{str(ROOT / 'build')!r}, {str(ROOT / 'exercises')!r}, {str(subs)!r}, "/tmp"]:
    stolen += [p for p in glob.glob(root + "/**", recursive=True)
               if p.endswith((".py", ".zip", ".ipynb")) and not p.startswith(shown)]
if stolen:  # anything read is put where feedback would show it, and the answers turn wrong
    def sigmoid(z):
        raise ValueError("".join(stolen))
""", "end"))
    add("leak_via_errors", with_cell(sol(), """
import inspect, traceback, gc
def sigmoid(z):
    frames = [repr(f) for f in inspect.stack()] + traceback.format_stack()
    strings = [o for o in gc.get_objects() if isinstance(o, str) and "assert" in o][:50]
    raise AssertionError("\\n".join(frames + strings))
""", "before q1"))
    blank_like = with_cell(solution_nb(ex), BLANK_ANSWERS, "end")
    add("blank_like", blank_like, "honest")
    add("forge_numpy", with_cell(with_cell(solution_nb(ex), BLANK_ANSWERS, "end"), FORGE_NUMPY, "end"))
    add("forge_otter", with_cell(with_cell(solution_nb(ex), BLANK_ANSWERS, "end"), FORGE_OTTER, "end"))
    add("forge_builtins", with_cell(with_cell(solution_nb(ex), BLANK_ANSWERS, "end"), FORGE_BUILTINS, "end"))
    add("forge_eq", with_cell(solution_nb(ex), FORGE_EQ, "end"))
    return made


def build_bad_files(ex, bad: Path) -> dict[str, Path]:
    bad.mkdir(parents=True)
    made = {}

    def put(name: str, data: bytes) -> None:
        made[name] = bad / name
        made[name].write_bytes(data)

    put("empty.ipynb", b"")
    put("not_json.ipynb", b"def f():\n    return 1\n")
    put("binary.ipynb", bytes(range(256)) * 64)
    put("json_not_notebook.ipynb", b'{"a": [1, 2]}')
    other = nbformat.read(ex.student_notebook, as_version=4)
    other.metadata["otter"]["assignment_name"] = "ch99-elsewhere"
    put("other_assignment.ipynb", nbformat.writes(other).encode())
    latin = nbformat.read(ex.solution_notebook, as_version=4)
    latin.cells.append(nbformat.v4.new_markdown_cell("café, naïve"))
    put("latin1.ipynb", nbformat.writes(latin).encode("latin-1"))
    sol_text = nbformat.writes(solution_nb(ex)).encode()
    with zipfile.ZipFile(bad / "slip.zip", "w") as zf:
        zf.writestr(f"{SET}.ipynb", sol_text)
        zf.writestr("../../evil.py", "print('escaped')")
    made["slip.zip"] = bad / "slip.zip"
    with zipfile.ZipFile(bad / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{SET}.ipynb", sol_text)
        with zf.open("padding.bin", "w") as f:
            zeros = bytes(2**20)
            for _ in range(256):  # 256 MiB of zeros, a few hundred KiB compressed
                f.write(zeros)
    made["bomb.zip"] = bad / "bomb.zip"
    with zipfile.ZipFile(bad / "many.zip", "w") as zf:
        zf.writestr(f"{SET}.ipynb", sol_text)
        for i in range(2000):
            zf.writestr(f"f{i}.txt", "")
    made["many.zip"] = bad / "many.zip"
    put("junk.zip", b"PK\x03\x04" + bytes(100))
    with zipfile.ZipFile(bad / "exported.zip", "w", zipfile.ZIP_DEFLATED) as zf:  # as otter export makes
        zf.writestr(f"{SET}.ipynb", sol_text)
        zf.writestr(f"{SET}.pdf", b"%PDF-1.4")
    made["exported.zip"] = bad / "exported.zip"
    return made


# -- the graded class ----------------------------------------------------------------------------

class Listener:
    """A TCP server on the host's loopback: no sandbox may reach it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.hits += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


def read_rows(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "grades.csv", newline="") as f:
        return {r["submission"]: r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def graded(built_sets, tmp_path_factory):
    """Grade the whole hostile class once. Hostile submissions try to write to /etc and
    the checkout, so they only ever run behind bubblewrap: where it is missing the module
    is skipped, and where it is installed but does not start, that is a failure."""
    from dlbook_tools.grading.limits import Limits
    from dlbook_tools.grading.sandbox import detect

    isolation = detect(Limits(timeout=float(TIMEOUT), memory_mb=1024))
    if not isolation.bwrap:
        if shutil.which("bwrap") is not None:
            pytest.fail("bubblewrap is installed but the sandbox cannot use it: " + isolation.describe())
        pytest.skip("bubblewrap is not installed (apt-get install bubblewrap): " + isolation.describe())
    ex = built_sets[SET]
    work = tmp_path_factory.mktemp("class")
    host_tmp = tmp_path_factory.mktemp("host")
    listener = Listener()
    try:
        made = build_submissions(ex, work / "subs", listener.port, host_tmp)
        bad = build_bad_files(ex, work / "subs" / "bad")
        missing = "subs/nowhere/missing.ipynb"
        start = time.perf_counter()
        (work / "tmp").mkdir()
        cmd = [str(BIN / "dlbook"), "grade", ZIP, "subs", missing, "--out", "out", "-j", "2",
               "--timeout", TIMEOUT, "--memory", "1024"]
        with subprocess.Popen(cmd, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "TMPDIR": str(work / "tmp")}) as popen:
            out, err = popen.communicate(timeout=600)
        proc = subprocess.CompletedProcess(cmd, popen.returncode, out, err)
        seconds = time.perf_counter() - start
    finally:
        listener.close()
    keys = {name: os.path.relpath(path, work) for name, path in {**made, **bad}.items()}
    return {"ex": ex, "work": work, "out": work / "out", "proc": proc, "rows": read_rows(work / "out"),
            "keys": keys, "missing": missing, "listener": listener, "host_tmp": host_tmp, "seconds": seconds,
            "uids": run_uids(popen.pid)}


def row(graded, name: str) -> dict[str, str]:
    return graded["rows"][graded["keys"][name]]


def question_scores(r: dict[str, str]) -> dict[str, float]:
    return {k: float(v) for k, v in r.items() if k.startswith("q") and v != ""}


# -- honest submissions ---------------------------------------------------------------------------

def test_the_run_succeeds_with_one_row_per_submission(graded):
    proc = graded["proc"]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    expected = set(graded["keys"].values()) | {graded["missing"]}
    assert set(graded["rows"]) == expected
    assert all(r["status"] for r in graded["rows"].values())
    # Same file name, different folders: two rows, each with its own score.
    assert row(graded, "alice")["score"] == "34" and row(graded, "bob")["score"] != "34"


def test_solution_full_marks_and_blank_zero(graded):
    sol, blank = row(graded, "solution"), row(graded, "blank")
    assert (sol["status"], sol["score"], sol["max_score"]) == ("ok", "34", "34")
    assert (blank["status"], blank["score"]) == ("ok", "0")


def test_mutants_score_what_the_tests_give_them(graded):
    """A mutant notebook's per-question scores equal the hidden and public tests' verdict run
    directly on the mutant's code (the authors' in-process proof harness), one per question."""
    from dlbook_tools.exercises.proof import code_cells, run_code, score

    ex = graded["ex"]
    solution_code = code_cells(ex.solution_notebook)
    for q, mistake, path in first_mutants(ex):
        expected = score(run_code([*solution_code, path.read_text()]), ex.all_tests)
        got = question_scores(row(graded, f"{q}_{mistake}"))
        assert got == {k: s.earned for k, s in expected.items()}, (q, mistake)
        assert got[q] < expected[q].possible


@pytest.mark.slow
def test_a_partly_wrong_notebook_scores_what_otter_run_gives(graded, tmp_path):
    ex = graded["ex"]
    nb = tmp_path / f"{SET}.ipynb"
    shutil.copyfile(graded["work"] / graded["keys"]["partly_wrong"], nb)
    proc = subprocess.run([str(BIN / "otter"), "run", "-a", str(ex.autograder_zip), "-o", str(tmp_path),
                           "--no-logo", str(nb)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    otter = {t["name"]: t["score"] for t in json.loads((tmp_path / "results.json").read_text())["tests"]
             if "score" in t}
    mine = row(graded, "partly_wrong")
    assert question_scores(mine) == {k: float(v) for k, v in otter.items()}
    assert float(mine["score"]) == sum(otter.values()) < 34


# -- hostile submissions ---------------------------------------------------------------------------

# name: (status, score, words the note must contain; "" when the note must be empty: nothing
# the submission tried was seen to fail, nor did anything go wrong for the grader)
HOSTILE = {
    "loop_top": ("timeout", "0", "did not finish within the 10 s time limit"),
    "sleep_top": ("timeout", "0", "did not finish within the 10 s time limit"),
    "loop_in_call": ("timeout", "28", "a call to sigmoid ran past"),
    "sys_exit": ("ok", "28", "SystemExit"),
    "os_exit": ("crashed", "0", "exited with status 0"),
    "segfault": ("crashed", "0", "segmentation fault"),
    "segfault_in_call": ("crashed", "29", "segmentation fault during a call to decision_boundary"),
    "kill_parent": ("ok", "34", "PermissionError: [Errno 1] Operation not permitted"),  # out of its reach
    "memory_hog": ("ok", "28", "MemoryError"),
    "fork_bomb": ("ok", "34", ""),
    "output_flood": ("ok", "34", "File too large"),
    "huge_file": ("ok", "34", ""),
    "network": ("ok", "34", ""),
    "write_outside": ("ok", "34", ""),
    "read_secrets": ("ok", "34", ""),
    "leak_via_errors": ("ok", "28", ""),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_submission_gets_the_row_it_earned(graded, name):
    status, score, note = HOSTILE[name]
    r = row(graded, name)
    assert (r["status"], r["score"]) == (status, score), r
    if note:
        assert note in r["note"], r
    else:
        assert r["note"] == "", r


@pytest.mark.parametrize("name", ["forge_numpy", "forge_otter", "forge_builtins"])
def test_patching_numpy_otter_or_builtins_earns_nothing(graded, name):
    """Wrong answers plus a forging cell score no more than the wrong answers alone (exactly
    as much, unless the patch also broke the student's own process)."""
    honest = question_scores(row(graded, "blank_like"))
    assert sum(honest.values()) < 10
    forged = question_scores(row(graded, name))
    assert all(forged[q] <= honest[q] for q in honest), (forged, honest)
    if name != "forge_builtins":
        assert forged == honest


def test_objects_that_claim_to_equal_anything_earn_nothing(graded):
    """Liars earn at most what plain zeros earn (zeros are right for sigmoid_grad(±1000))."""
    honest = question_scores(row(graded, "blank_like"))
    forged = question_scores(row(graded, "forge_eq"))
    assert all(forged[q] <= honest[q] for q in honest), (forged, honest)
    assert row(graded, "forge_eq")["status"] == "ok"


def test_no_network_not_even_the_hosts_loopback(graded):
    assert graded["listener"].hits == 0


def test_nothing_outside_the_scratch_space_was_written(graded):
    ex = graded["ex"]
    for path in [ROOT / "PWNED", graded["host_tmp"] / "PWNED", ex.all_tests / "PWNED",
                 Path("/etc/PWNED"), Path("/root/PWNED"), Path("/usr/PWNED"), Path("/PWNED"),
                 Path("/tmp/mine.txt"), Path("/tmp/big.bin")]:
        assert not path.exists(), path
    victim = graded["work"] / graded["keys"]["solution"]
    assert nbformat.read(victim, as_version=4).cells == solution_nb(ex).cells
    outputs = sum(p.stat().st_size for p in graded["out"].rglob("*") if p.is_file())
    assert outputs < 5 * 2**20, "the floods reached the grader's files"


def test_no_process_of_a_sandbox_survives(graded):
    left = [p for p in os.listdir("/proc") if p.isdigit() and _uid(p) in graded["uids"]]
    assert not left
    assert not list((graded["work"] / "tmp").iterdir())  # every sandbox's host-side files removed


def _uid(pid: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("Uid:"):
                return int(line.split()[1])
    except OSError:
        pass
    return -1


# -- bad files ---------------------------------------------------------------------------------------

BAD = {
    "empty.ipynb": ("invalid notebook", "empty"),
    "not_json.ipynb": ("invalid notebook", "not valid JSON"),
    "binary.ipynb": ("invalid notebook", "not UTF-8"),
    "json_not_notebook.ipynb": ("invalid notebook", "not a Jupyter notebook"),
    "other_assignment.ipynb": ("wrong assignment", "ch99-elsewhere"),
    "latin1.ipynb": ("invalid notebook", "not UTF-8"),
    "slip.zip": ("invalid zip", "unsafe path"),
    "bomb.zip": ("invalid zip", "zip bomb"),
    "many.zip": ("invalid zip", "zip bomb"),
    "junk.zip": ("invalid zip", "not a readable zip"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_file_gets_a_row_with_the_reason(graded, name):
    status, words = BAD[name]
    r = row(graded, name)
    assert (r["status"], r["score"]) == (status, "0") and words in r["note"], r
    feedback = (graded["out"] / "submissions").glob("*/feedback.txt")
    assert any(words in f.read_text() for f in feedback)


def test_an_otter_exported_zip_is_graded_and_a_missing_file_has_a_row(graded):
    assert row(graded, "exported.zip")["score"] == "34"
    assert graded["rows"][graded["missing"]]["status"] == "not found"


# -- what students and instructors get -----------------------------------------------------------------

def hidden_secrets(ex) -> list[str]:
    """Lines and literals of hidden test cases that appear nowhere a student may see."""
    secrets = []
    for path in sorted(ex.all_tests.glob("q*.py")):
        tree = ast.parse(path.read_text())
        public_text = ""
        hidden_funcs = []
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            kw = {k.arg: k.value for k in node.decorator_list[0].keywords}
            hidden = isinstance(kw.get("hidden"), ast.Constant) and kw["hidden"].value is True
            message = kw["failure_message"].value if "failure_message" in kw else ""
            public_text += message
            if hidden:
                hidden_funcs.append(node)
            else:
                public_text += ast.unparse(node)
        for node in hidden_funcs:
            for stmt in ast.walk(node):
                if isinstance(stmt, ast.stmt) and not isinstance(stmt, (ast.FunctionDef, ast.Import)):
                    line = ast.unparse(stmt).splitlines()[0]
                    if len(line) > 20 and line not in public_text:
                        secrets.append(line)
                if isinstance(stmt, ast.Constant) and isinstance(stmt.value, (int, float)) \
                        and len(repr(stmt.value)) >= 5 and repr(stmt.value) not in public_text:
                    secrets.append(repr(stmt.value))
            secrets.append(node.name)
    return secrets


def test_hidden_tests_never_appear_in_any_output(graded):
    secrets = hidden_secrets(graded["ex"])
    assert len(secrets) > 40 and "20240602" in secrets
    outputs = {str(p): p.read_text(errors="replace") for p in graded["out"].rglob("*") if p.is_file()}
    outputs["stdout"], outputs["stderr"] = graded["proc"].stdout, graded["proc"].stderr
    for where, text in outputs.items():
        leaked = [s for s in secrets if s in text]
        assert not leaked, (where, leaked[:5])


def test_feedback_for_a_student(graded):
    out, key = graded["out"], graded["keys"]["partly_wrong"]
    from dlbook_tools.grading.report import slug

    folder = out / "submissions" / slug(key)
    text = (folder / "feedback.txt").read_text()
    assert f"feedback on {key}" in text and "Score: 29 / 34" in text and "Status: ok" in text
    assert "public test q2 - 3 failed (1 point): tanh_grad(z) = 1 - tanh(z)^2" in text
    assert "AssertionError: tanh_grad([-1, 0.5, 2]) = " in text  # a public case shows its error
    assert "hidden test 2 failed (1 point): tanh_grad is wrong on unseen inputs" in text
    results = json.loads((folder / "results.json").read_text())
    assert results["score"] == 29
    by_name = {t["name"]: t for t in results["tests"]}
    assert by_name["Public Tests"]["status"] == "failed"
    assert (by_name["q2"]["score"], by_name["q2"]["max_score"]) == (5, 7)
    assert by_name["q1"]["output"] == "q1 results: All test cases passed!"


def test_progress_summary_and_isolation_statement(graded):
    proc = graded["proc"]
    assert proc.stderr.count("isolation: bubblewrap") == 1, proc.stderr
    assert "ETA" in proc.stderr and "s/submission" in proc.stderr
    statuses = [r["status"] for r in graded["rows"].values()]
    for status in ("timeout", "crashed", "invalid notebook", "invalid zip"):
        assert f"{status} {statuses.count(status)}" in proc.stdout
    assert "status: ok" in proc.stdout
    assert "scores (of 34)" in proc.stdout and "100%" in proc.stdout
    log = (graded["out"] / "grade.log").read_text()
    assert "isolation: bubblewrap" in log and f"{len(graded['rows'])} graded" in log


# -- every other exercise set ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", [ex.name for ex in exercise_sets() if ex.name != SET])
def test_every_other_set_grades_its_solution_full_and_its_template_zero(built_sets, name, tmp_path):
    ex = built_sets[name]
    write(solution_nb(ex), tmp_path / "subs" / "solution.ipynb")
    shutil.copyfile(ex.student_notebook, tmp_path / "subs" / "blank.ipynb")
    proc = run_cli("grade", name, "subs", "--out", "out", "-j", "1", cwd=tmp_path)  # one torch import
    assert proc.returncode == 0, proc.stderr
    rows = read_rows(tmp_path / "out")
    top = rows["subs/solution.ipynb"]["max_score"]
    assert (rows["subs/solution.ipynb"]["status"], rows["subs/solution.ipynb"]["score"]) == ("ok", top)
    assert (rows["subs/blank.ipynb"]["status"], rows["subs/blank.ipynb"]["score"]) == ("ok", "0")


# -- runs that stop, resume, or run without bubblewrap ------------------------------------------------

def _class(ex, folder: Path, n: int) -> Path:
    for i in range(n):
        write(solution_nb(ex) if i % 2 == 0 else filled_template(ex, ex.source / "mutants" / "q3_no_bias.py"),
              folder / f"student{i:02d}" / f"{SET}.ipynb")
    return folder


def test_a_rerun_skips_graded_submissions_and_force_regrades(built_sets, tmp_path):
    ex = built_sets[SET]
    _class(ex, tmp_path / "subs", 3)
    # The assignment given as the autograder zip this time.
    first = run_cli("grade", str(ex.autograder_zip), "subs", "--out", "out", "--timeout", TIMEOUT, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    rows = read_rows(tmp_path / "out")
    assert len(rows) == 3
    again = run_cli("grade", ZIP, "subs", "--out", "out", cwd=tmp_path)
    assert again.returncode == 0 and "3 of 3 submissions are already in" in again.stderr
    assert read_rows(tmp_path / "out") == rows
    forced = run_cli("grade", ZIP, "subs", "--out", "out", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "Graded 3 submissions" in forced.stdout
    assert read_rows(tmp_path / "out") == rows


def test_a_killed_run_keeps_its_rows_and_the_next_run_finishes(built_sets, tmp_path):
    ex = built_sets[SET]
    subs = _class(ex, tmp_path / "subs", 2)
    write(with_cell(solution_nb(ex), "import time\ntime.sleep(10_000)", "start"),
          subs / "student99" / f"{SET}.ipynb")  # graded last, hangs until its timeout
    (tmp_path / "tmp").mkdir()  # where the killed grader's sandbox files are left behind
    proc = subprocess.Popen([str(BIN / "dlbook"), "grade", ZIP, "subs", "--out", "out", "-j", "1",
                             "--timeout", "30"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "TMPDIR": str(tmp_path / "tmp")})
    csv_path = tmp_path / "out" / "grades.csv"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (csv_path.exists() and len(read_rows(tmp_path / "out")) == 2):
        time.sleep(0.2)
    time.sleep(1.0)  # now inside the hanging submission
    os.kill(proc.pid, signal.SIGKILL)  # the grader dies without any chance to clean up
    proc.communicate(timeout=30)
    assert len(read_rows(tmp_path / "out")) == 2
    for _ in range(50):  # its grader processes and sandboxes follow it
        if not [p for p in os.listdir("/proc") if p.isdigit() and _uid(p) in run_uids(proc.pid)]:
            break
        time.sleep(0.1)
    else:
        pytest.fail("a sandbox outlived the killed grader")
    assert list((tmp_path / "tmp").iterdir()), "the killed run left its temporary folders"
    again = subprocess.run([str(BIN / "dlbook"), "grade", ZIP, "subs", "--out", "out", "--timeout", "3"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=300,
                           env={**os.environ, "TMPDIR": str(tmp_path / "tmp")})
    assert again.returncode == 0, again.stderr
    rows = read_rows(tmp_path / "out")
    assert len(rows) == 3 and rows[f"subs/student99/{SET}.ipynb"]["status"] == "timeout"
    assert "2 of 3 submissions are already in" in again.stderr
    assert not list((tmp_path / "tmp").iterdir()), "the next run did not remove them"


def test_a_torn_last_row_is_graded_again(built_sets, tmp_path):
    ex = built_sets[SET]
    _class(ex, tmp_path / "subs", 2)
    assert run_cli("grade", ZIP, "subs", "--out", "out", cwd=tmp_path).returncode == 0
    csv_path = tmp_path / "out" / "grades.csv"
    text = csv_path.read_text()
    csv_path.write_text(text[: text.rindex("\n", 0, len(text) - 1) + 1] + f"subs/student01/{SET}.ipynb,3")
    again = run_cli("grade", ZIP, "subs", "--out", "out", cwd=tmp_path)
    assert "1 of 2 submissions are already in" in again.stderr
    assert len(read_rows(tmp_path / "out")) == 2


def test_without_bubblewrap_it_grades_only_unsandboxed_and_says_what_is_not_isolated(built_sets, tmp_path):
    ex = built_sets[SET]
    _class(ex, tmp_path / "subs", 2)
    env = {**os.environ, "DLBOOK_GRADE_SANDBOX": "rlimits"}
    refused = subprocess.run([str(BIN / "dlbook"), "grade", ZIP, "subs", "--out", "out", "--timeout", TIMEOUT],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "--unsandboxed" in refused.stderr and not (tmp_path / "out").exists()
    proc = subprocess.run([str(BIN / "dlbook"), "grade", ZIP, "subs", "--out", "out", "--timeout", TIMEOUT,
                           "--unsandboxed"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("NOT isolated here:") == 1 and "network" in proc.stderr
    assert "WARNING: --unsandboxed" in proc.stderr
    rows = read_rows(tmp_path / "out").values()
    assert sorted(r["score"] for r in rows) == ["28", "34"]
    assert all(r["note"].startswith("UNSANDBOXED") for r in rows)


def _workers() -> set[str]:
    found = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if b"dlbook_tools.grading.worker" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.add(pid)
        except OSError:
            pass
    return found


def test_without_bubblewrap_killing_the_grader_leaves_no_worker_behind(built_sets, tmp_path):
    """Without a PID namespace the worker must still die with the grader process it killed."""
    ex = built_sets[SET]
    (tmp_path / "subs").mkdir()
    nb = with_cell(solution_nb(ex), "import os, time\nos.kill(os.getppid(), 9)\ntime.sleep(60)", "end")
    nbformat.write(nb, tmp_path / "subs" / "killer.ipynb")
    before = _workers()
    env = {**os.environ, "DLBOOK_GRADE_SANDBOX": "rlimits"}
    proc = subprocess.run([str(BIN / "dlbook"), "grade", ZIP, "subs", "--out", "out", "--timeout", TIMEOUT,
                           "--unsandboxed"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert read_rows(tmp_path / "out")["subs/killer.ipynb"]["status"] == "crashed"
    time.sleep(1)
    assert not _workers() - before


def test_command_line_errors_are_one_line(built_sets, tmp_path):
    proc = run_cli("grade", "no-such-set", str(tmp_path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and proc.stderr.startswith("dlbook: error: unknown exercise set")
    (tmp_path / "empty").mkdir()
    proc = run_cli("grade", ZIP, str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "no submissions found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_default_limits_are_the_ones_sized_for_the_set(built_sets, tmp_path):
    ex = built_sets[SET]
    limits = json.loads(ex.limits_file.read_text())
    nbformat.write(solution_nb(ex), tmp_path / "one.ipynb")
    proc = run_cli("grade", ZIP, str(tmp_path / "one.ipynb"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    log = (tmp_path / "out" / "grade.log").read_text()
    assert f"timeout {limits['timeout']:g} s, memory {limits['memory']:g} MB" in log
