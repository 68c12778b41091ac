"""The trusted side of grading: hidden tests run here, on answers fetched from the sandbox.

An otter exception-based test case is a function whose parameters name globals of the
notebook (``def test_sigmoid_values(sigmoid): ...``). :func:`grade` calls each one in
this process with real modules for module names (``np`` is this process's numpy), plain
values fetched by value, and a :class:`RemoteFunction` for each student function: calling
it sends the arguments to the sandboxed worker as plain data and returns its plain-data
answer (or raises the student's exception as a builtin type, or fails the case). So a
submission that patches numpy, otter, builtins or the tests patches them in its own
process only; an object that claims to equal anything never leaves it; and the worker
never receives a test, its source or an expected value. A function a test passes in
(``dense(X, W, b, np.tanh)``) stays here: the worker calls it back over the same pipe,
and sees its result but never its source or its error messages.

Whatever goes wrong on the sandbox's side (a timeout, a crash, an answer that is not
plain data) raises :class:`SandboxFailure`, a ``BaseException``, so a test's own
``except Exception`` can never turn it into a pass.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import importlib.util
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
import types
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlbook_tools.errors import UserError
from dlbook_tools.grading import wire
from dlbook_tools.grading.sandbox import Isolation, Limits, Sandbox

#: modules a test may receive for a module-valued name (``np``), imported here, never the student's
SAFE_MODULES = frozenset({"numpy", "math", "cmath", "random", "statistics", "itertools", "functools",
                          "collections", "operator", "fractions", "decimal", "string", "re",
                          "torch", "scipy", "pandas"})
NOT_RECREATED = (StopIteration, StopAsyncIteration, GeneratorExit)
MAX_RESTARTS = 4
BROKEN_CALLS = 2  # after two calls of a function hang or crash the worker, its later calls fail at once
NOTE_LIMIT = 400


class SandboxFailure(BaseException):
    """No answer from the student's code: a timeout, a crash, a broken protocol."""


class CaseTimeout(SandboxFailure):
    """A test case ran past the submission's time limit."""


class NotPlainResult(SandboxFailure):
    """The student's code answered with something that is not plain data."""


class StudentError(Exception):
    """An exception raised by student code, of a type the grader does not recreate."""


def natural_key(s: str) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


# -- the assignment -------------------------------------------------------------------------

@dataclass
class Assignment:
    """An otter autograder: its name and its (hidden and public) exception-based tests."""

    name: str
    source: Path
    test_files: list = field(repr=False)

    @property
    def questions(self) -> list[str]:
        return [tf.name for tf in self.test_files]

    @property
    def points(self) -> dict[str, float]:
        return {tf.name: float(tf.possible) for tf in self.test_files}

    @property
    def max_score(self) -> float:
        return sum(self.points.values())


def otter_test_files() -> types.ModuleType:
    """otter's ``otter.test_files.exception_test`` (ExceptionTestFile, test_case), loaded
    without running otter's package ``__init__``, which imports nbconvert, pandas and
    jsonschema (seconds, for nothing grading needs). The two files it needs import only
    the standard library. Where otter is already imported, that is used as it is."""
    name = "otter.test_files.exception_test"
    if name in sys.modules:
        return sys.modules[name]
    if "otter" not in sys.modules:
        spec = importlib.util.find_spec("otter")
        if spec is None or not spec.submodule_search_locations:
            raise UserError("dlbook grade needs otter-grader: pip install 'dlbook[exercises]'")
        root = list(spec.submodule_search_locations)[0]
        for pkg_name, path in (("otter", root), ("otter.test_files", os.path.join(root, "test_files"))):
            pkg = types.ModuleType(pkg_name)
            pkg.__path__ = [path]
            pkg.__file__ = os.path.join(path, "__init__.py")
            sys.modules[pkg_name] = pkg
        sys.modules["otter"].test_files = sys.modules["otter.test_files"]
    module = importlib.import_module(name)
    package = sys.modules["otter.test_files"]
    if not hasattr(package, "test_case"):
        package.test_case = module.test_case  # what test files import: `from otter.test_files import test_case`
    return module


def load_assignment(spec: str) -> Assignment:
    """ASSIGNMENT as given: a built exercise set's name, or the path of an otter autograder zip.
    The tests are read straight from the zip, so what is graded is what Gradescope would run."""
    path = Path(spec)
    if path.suffix == ".zip" or path.exists():
        if not path.is_file():
            raise UserError(f"{spec}: no such autograder zip")
        zip_path = path
    else:
        from dlbook_tools.exercises.sets import select

        ex = select([spec])[0]
        ex.require_built()
        zip_path = ex.autograder_zip
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as err:
        raise UserError(f"{zip_path} is not an otter autograder zip ({err})") from None
    with zf:
        names = zf.namelist()
        config = {}
        if "otter_config.json" in names:
            import json

            try:
                config = json.loads(zf.read("otter_config.json"))
            except ValueError:
                raise UserError(f"{zip_path}: otter_config.json is not valid JSON") from None
        tests = sorted(n for n in names if re.fullmatch(r"tests/[\w.-]+\.py", n)
                       and not n.startswith("tests/__"))
        if not tests:
            raise UserError(f"{zip_path} has no tests/*.py: is it an otter autograder zip?")
        ExceptionTestFile = otter_test_files().ExceptionTestFile

        test_files = []
        for name in tests:
            source = zf.read(name).decode("utf-8")
            if re.search(r"^OK_FORMAT\s*=\s*True", source, re.M):
                raise UserError(f"{zip_path}: {name} is an OK-format (doctest) test; dlbook grade "
                                "needs otter's exception-based tests")
            with _quiet():
                # A path that exists nowhere: no traceback or linecache can ever print this source.
                test_files.append(ExceptionTestFile.from_string(source, path=f"<autograder>/{name}"))
    name = str(config.get("assignment_name") or zip_path.name.removesuffix("-autograder.zip"))
    test_files.sort(key=lambda tf: natural_key(tf.name))
    return Assignment(name, zip_path, test_files)


# -- results ---------------------------------------------------------------------------------

@dataclass
class CaseResult:
    question: str
    name: str
    hidden: bool
    points: float
    passed: bool
    message: str = ""  # what went wrong: public cases only, never a hidden case's
    hint: str = ""     # the author's failure_message, written for students


@dataclass
class QuestionResult:
    name: str
    score: float
    possible: float
    cases: list[CaseResult]


@dataclass
class Outcome:
    """One submission, graded (or refused): everything the report needs, all plain data."""

    status: str = "ok"
    note: str = ""
    questions: list[QuestionResult] = field(default_factory=list)
    seconds: float = 0.0
    log: list[str] = field(default_factory=list)  # for the instructor's run log only

    @property
    def score(self) -> float:
        return sum(q.score for q in self.questions)


# -- proxies -----------------------------------------------------------------------------------

class RemoteFunction:
    """A student function, as a test sees it: calling it asks the sandbox."""

    __slots__ = ("_session", "_name")

    def __init__(self, session: Session, name: str):
        self._session, self._name = session, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.call(self._name, args, kwargs)

    def __repr__(self) -> str:
        return f"<student function {self._name}>"

    @property
    def __name__(self) -> str:
        return self._name


class RemoteEnv:
    """The notebook's globals, for a test that takes ``env``: looked up one name at a time."""

    def __init__(self, session: Session):
        self._session = session

    def __getitem__(self, name: str) -> Any:
        info = self._session.lookup([name])[name]
        if info.get("kind") == "missing":
            raise KeyError(name)
        return self._session.resolve(name, info)

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._session.lookup([name])[name].get("kind") != "missing"


def _safe_module(name: Any) -> Any:
    if type(name) is not str or not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", name):
        return None
    if name.split(".")[0] not in SAFE_MODULES:
        return None
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _student_exception(reply: dict) -> Exception:
    """The student's exception, recreated as a builtin (or numpy / torch) type when it is
    one, so ``except ValueError`` in a test works; otherwise a StudentError."""
    message = str(reply.get("message", ""))[:2000]
    types_ = reply.get("types") if type(reply.get("types")) is list else []
    for entry in types_[:16]:
        if type(entry) is not list or len(entry) != 2 or not all(type(e) is str for e in entry):
            continue
        module, qualname = entry
        cls: Any = None
        if module == "builtins":
            cls = getattr(builtins, qualname, None)
        elif module.split(".")[0] in SAFE_MODULES and module in sys.modules:
            cls = sys.modules[module]
            for part in qualname.split("."):
                cls = getattr(cls, part, None)
        if isinstance(cls, type) and issubclass(cls, Exception) and not issubclass(cls, NOT_RECREATED):
            try:
                return cls(message)
            except Exception:  # noqa: BLE001 - e.g. UnicodeDecodeError needs five arguments
                continue
    first = types_[0][1] if types_ and type(types_[0]) is list and len(types_[0]) == 2 else "Exception"
    return StudentError(f"{str(first)[:80]}: {message}")


# -- one submission's sandbox ------------------------------------------------------------------

class Session:
    """The conversation with one submission's worker, restarted (its notebook re-run) after
    a call kills or hangs it, until the submission's time runs out."""

    def __init__(self, make_box: Callable[[], Sandbox], cells: list, limits: Limits, deadline: float):
        self.make_box, self.cells, self.limits, self.deadline = make_box, cells, limits, deadline
        self.box: Sandbox | None = None
        self.starts = 0
        self.dead = ""           # why no worker can be started any more
        self.status = "ok"
        self.events: list[str] = []
        self.cell_errors: list[str] = []
        self.log: list[str] = []
        self.context = ""        # the question being graded, for notes
        self.restarted = False   # a worker was lost during a call (its notebook is run again)
        self.broken: dict[str, int] = {}  # function name -> its calls that hung or crashed the worker

    def _event(self, kind: str, text: str) -> None:
        if self.status == "ok":
            self.status = kind
        self.events.append(text)

    def _lose_box(self, kind: str, text: str) -> SandboxFailure:
        """The worker hung or died: kill it (and all it started), note why, carry on later."""
        if self.box is not None:
            tail = self.box.stderr_tail().strip()
            self.box.cleanup()
            self.box = None
            if tail:
                self.log.append(f"worker stderr (last lines): {tail[-600:]}")
        self.restarted = True
        self._event(kind, text)
        return SandboxFailure(text)

    def ensure_running(self) -> Sandbox:
        if self.box is not None:
            return self.box
        if self.dead:
            raise SandboxFailure(self.dead)
        if time.monotonic() >= self.deadline:
            self.dead = f"time limit of {self.limits.timeout:g} s reached"
            self._event("timeout", self.dead)
            raise SandboxFailure(self.dead)
        if self.starts > MAX_RESTARTS:
            self.dead = f"gave up after {MAX_RESTARTS} restarts of the worker"
            self.events.append(self.dead)
            raise SandboxFailure(self.dead)
        self.starts += 1
        box = self.make_box()
        cell = None
        try:
            box.start(min(self.deadline, time.monotonic() + 60))
            box.send({"op": "run", "cells": self.cells})
            while True:
                msg = box.recv(self.deadline)
                if msg["op"] == "cell":
                    cell = msg.get("i") if type(msg.get("i")) is int else None
                elif msg["op"] == "ran":
                    break
                else:
                    raise wire.WireError(f"unexpected {msg['op'][:20]!r} while running the notebook")
        except (wire.WireError, wire.NotPlainData, OSError, subprocess.SubprocessError) as err:
            where = f" in cell {cell}" if cell is not None else ""
            tail = box.stderr_tail().strip()
            how = box.kill(grace=2.0 if isinstance(err, wire.Closed) else 0.0)
            box.cleanup()
            if tail:
                self.log.append(f"worker stderr (last lines): {tail[-600:]}")
            if isinstance(err, wire.Timeout):
                self.dead = f"the notebook did not finish within the {self.limits.timeout:g} s time limit{where}"
                kind = "timeout"
            elif isinstance(err, wire.Closed):
                self.dead = (f"the worker {how}{where}" if cell is not None
                             else f"the sandbox did not start (the worker {how})")
                kind = "crashed"
            elif isinstance(err, wire.NotPlainData):
                self.dead = f"the notebook could not be sent to the sandbox ({err})"
                kind = "invalid notebook"
            elif isinstance(err, (OSError, subprocess.SubprocessError)):
                self.dead = f"the sandbox did not start ({err})"
                kind = "crashed"
            else:
                self.dead = f"the worker broke the protocol{where} ({err})"
                kind = "crashed"
            if self.restarted:
                self.dead = "on restart, " + self.dead
            self._event(kind, self.dead)
            raise SandboxFailure(self.dead) from None
        if self.starts == 1:
            for entry in (msg.get("errors") or [])[:50]:
                if type(entry) is list and len(entry) == 3:
                    index, kind, text = entry
                    line = " ".join(str(text).split())[:120]
                    self.cell_errors.append(f"cell {index}: {str(kind)[:60]}" + (f": {line}" if line else ""))
        self.box = box
        return box

    def _request(self, msg: dict, want: str, what: str, callbacks: dict | None = None,
                 function: str | None = None) -> dict:
        box = self.ensure_running()
        deadline = min(self.deadline, time.monotonic() + self.limits.call_timeout)
        try:
            try:
                box.send(msg)
            except wire.NotPlainData as err:
                raise SandboxFailure(f"the test's arguments cannot be sent to the sandbox ({err})") from None
            while True:
                reply = box.recv(deadline)
                if reply["op"] == "callback" and callbacks is not None:
                    self._callback(box, callbacks, reply)
                    continue
                if reply["op"] in (want, "raise", "notplain"):
                    return reply
                raise wire.WireError(f"unexpected {reply['op'][:20]!r}")
        except wire.Timeout:
            limit = "the submission's time limit" if deadline == self.deadline else \
                f"{self.limits.call_timeout:g} s"
            if function is not None:
                self.broken[function] = self.broken.get(function, 0) + 1
            raise self._lose_box("timeout", f"{self.context}: {what} ran past {limit}") from None
        except wire.Closed:
            if function is not None:
                self.broken[function] = self.broken.get(function, 0) + 1
            how = box.kill(grace=2.0)
            raise self._lose_box("crashed", f"{self.context}: the worker {how} during {what}") from None
        except wire.WireError as err:
            raise self._lose_box("crashed", f"{self.context}: the worker broke the protocol "
                                            f"during {what} ({err})") from None

    def call(self, name: str, args: tuple, kwargs: dict) -> Any:
        if self.broken.get(name, 0) >= BROKEN_CALLS:
            raise SandboxFailure(f"not run: calls to {name} hung or crashed {BROKEN_CALLS} times")
        callbacks: dict[int, Any] = {}

        def reference(x: Any) -> dict:
            if isinstance(x, RemoteFunction) and x._session is self:
                return {"t": "ref", "name": x._name}
            callbacks[len(callbacks)] = x
            return {"t": "fn", "id": len(callbacks) - 1}

        try:
            msg = {"op": "call", "name": name, "args": wire.encode(list(args), reference),
                   "kwargs": wire.encode(dict(kwargs), reference)}
        except wire.NotPlainData as err:
            raise SandboxFailure(f"the test passes {err} to {name}, which cannot be sent to the sandbox") from None
        reply = self._request(msg, "return", f"a call to {name}", callbacks, function=name)
        if reply["op"] == "raise":
            raise _student_exception(reply)
        if reply["op"] == "notplain":
            why = " ".join(str(reply.get("message", "")).split())[:160]
            raise NotPlainResult(why or f"{name} did not return plain data")
        try:
            return wire.decode(reply.get("value"))
        except wire.NotPlainData:
            raise NotPlainResult(f"{name} did not return plain data") from None

    def _callback(self, box: Sandbox, callbacks: dict, reply: dict) -> None:
        """The student's code calls a function the test passed in: run it here, on plain data.
        Only the exception's builtin type goes back, never its message (it may hold expected values)."""
        fid = reply.get("id")
        func = callbacks.get(fid) if type(fid) is int else None
        try:
            if func is None:
                raise TypeError("no such function")
            args, kwargs = wire.decode(reply.get("args")), wire.decode(reply.get("kwargs"))
            if type(args) is not list or type(kwargs) is not dict or not all(type(k) is str for k in kwargs):
                raise TypeError("malformed call")
            out = {"op": "return", "value": wire.encode(func(*args, **kwargs))}
            wire.dumps(out)  # within the size limit
        except Exception as err:  # noqa: BLE001 - any error of the test's function goes back as its type
            name = type(err).__name__
            out = {"op": "raise", "type": name if getattr(builtins, name, None) is type(err) else "Exception",
                   "message": ""}
        box.send(out)

    def lookup(self, names: list[str]) -> dict[str, dict]:
        reply = self._request({"op": "lookup", "names": names}, "names", "a lookup of " + ", ".join(names))
        found = reply.get("v") if reply["op"] == "names" else None
        if type(found) is not dict or not all(type(found.get(n)) is dict for n in names):
            raise self._lose_box("crashed", f"{self.context}: the worker answered a lookup with nonsense")
        return found

    def resolve(self, name: str, info: dict) -> Any:
        kind = info.get("kind")
        if kind == "function":
            return RemoteFunction(self, name)
        if kind == "module":
            return _safe_module(info.get("module"))
        if kind == "missing":
            return None  # as otter: a missing name is passed as None
        if kind == "value":
            try:
                return wire.decode(info.get("value"))
            except wire.NotPlainData:
                raise NotPlainResult(f"{name} is not plain data") from None
        raise NotPlainResult(f"{name} is not plain data")

    def arguments(self, params: list[str]) -> dict[str, Any]:
        names = [p for p in params if p != "env"]
        found = self.lookup(names) if names else {}
        return {p: RemoteEnv(self) if p == "env" else self.resolve(p, found[p]) for p in params}

    def close(self) -> None:
        if self.box is not None:
            self.box.cleanup()
            self.box = None

    def note(self) -> str:
        parts = list(dict.fromkeys(self.events))
        if self.cell_errors:
            shown = self.cell_errors[:3]
            more = len(self.cell_errors) - len(shown)
            parts.append("errors in the notebook: " + "; ".join(shown) + (f"; {more} more" if more > 0 else ""))
        note = " | ".join(parts)
        return note if len(note) <= NOTE_LIMIT else note[:NOTE_LIMIT - 1] + "…"


# -- grading ---------------------------------------------------------------------------------

@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Bound a test case's own time (a test looping on a strange answer), in the main thread."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def ring(*_: Any) -> None:
        raise CaseTimeout("the test case ran past the time limit")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _public_failure(err: BaseException, func: Callable, source: str) -> str:
    """A public case's failure, for the student: the failing line of the (public) test and the error."""
    line = ""
    tb = err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code is getattr(func, "__code__", None):
            lines = source.splitlines()
            line = lines[tb.tb_lineno - 1].strip() if 0 < tb.tb_lineno <= len(lines) else ""
        tb = tb.tb_next
    text = " ".join(str(err).split())
    out = f"{type(err).__name__}: {text}" if text else type(err).__name__
    return (f"{out} (at `{line}`)" if line else out)[:600]


def run_case(session: Session, question: str, tc: Any, source: str = "") -> CaseResult:
    result = CaseResult(question=question, name=str(tc.name), hidden=bool(tc.hidden),
                        points=float(tc.points or 0), passed=False,
                        hint=" ".join((tc.failure_message or "").split()))
    func = tc.body.test_func
    session.context = question
    if time.monotonic() >= session.deadline:
        if session.box is not None or not session.dead:
            session.close()
            session.dead = f"time limit of {session.limits.timeout:g} s reached"
            session._event("timeout", session.dead)
        result.message = "not run: " + session.dead
    else:
        try:
            left = session.deadline - time.monotonic()
            with _alarm(left + 5), _quiet():
                func(**session.arguments(tc.body._get_func_params()))
        except CaseTimeout:
            session._lose_box("timeout", f"{question}: a test ran past the time limit")
            result.message = "the test ran past the time limit"
        except SandboxFailure as err:
            result.message = str(err)
        except BaseException as err:  # noqa: BLE001 - the test failed, whatever it raised
            result.message = _public_failure(err, func, source)
        else:
            result.passed = True
    if result.hidden:
        result.message = ""  # a hidden case reports pass/fail, points and the author's hint only
    return result


def grade(cells: list, notebook: bytes, notebook_name: str, assignment: Assignment, limits: Limits,
          isolation: Isolation, uid: int | None) -> Outcome:
    """Run one submission's notebook in a sandbox and every test case of the assignment on it."""
    TestCaseResult = sys.modules[otter_test_files().__name__.rsplit(".", 1)[0] + ".abstract_test"].TestCaseResult

    start = time.monotonic()
    session = Session(lambda: Sandbox(isolation, limits, uid, notebook, notebook_name),
                      cells, limits, start + limits.timeout)
    results: dict[tuple[int, int], CaseResult] = {}
    try:
        # Public cases first, then hidden ones in a fresh worker (the notebook run again): the
        # worker that saw hidden inputs never produces anything shown to the student, so not
        # even its return values or error messages can carry those inputs into feedback.
        for hidden in (False, True):
            for i, tf in enumerate(assignment.test_files):
                for j, tc in enumerate(tf.test_cases):
                    if bool(tc.hidden) == hidden:
                        results[i, j] = run_case(session, tf.name, tc, tf.source)
            session.close()
    finally:
        session.close()
    questions = []
    for i, tf in enumerate(assignment.test_files):
        cases = [results[i, j] for j in range(len(tf.test_cases))]
        # otter's own arithmetic (points per case, all-or-nothing files)
        tf.test_case_results = [TestCaseResult(test_case=tc, message="", passed=r.passed)
                                for tc, r in zip(tf.test_cases, cases)]
        try:
            questions.append(QuestionResult(tf.name, float(tf.score), float(tf.possible), cases))
        finally:
            tf.test_case_results = []
    return Outcome(status=session.status, note=session.note(), questions=questions,
                   seconds=time.monotonic() - start, log=session.log)
