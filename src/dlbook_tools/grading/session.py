"""The trusted side of grading: hidden tests run here, on answers fetched from the sandbox.

:func:`~dlbook_tools.grading.questions.grade` calls each otter test case in this process with what
:mod:`~dlbook_tools.grading.proxies` gives it for the notebook's names: real modules,
plain values, and proxies for the student's functions. Calling one sends the arguments to
the sandboxed worker as plain data and returns its plain-data answer. So a submission that
patches numpy, otter, builtins or the tests patches them in its own process only; an
object that claims to equal anything never leaves it; and the worker never receives a
test, its source or an expected value. A function a test passes in
(``dense(X, W, b, np.tanh)``) stays here: the worker calls it back over the same pipe,
and sees its result but never its source or its error messages.

A :class:`Session` is the conversation with one submission's worker, restarted (its
notebook run again) after a call kills or hangs it, until its time runs out. Grading has two
phases, the public tests then the hidden ones, each with the whole time limit
(:meth:`Session.new_phase`), on one execution of the notebook. A call's answer brings back what the call
did to its arguments (:mod:`~dlbook_tools.grading.mutation`), so a test sees in-place updates
as it would in a kernel. Running each case is :mod:`~dlbook_tools.grading.questions`.
"""

from __future__ import annotations

import builtins
import subprocess
import time
from collections.abc import Callable
from typing import Any, NoReturn

from dlbook_tools.grading import mutation, wire
from dlbook_tools.grading.answers import undefined_note
from dlbook_tools.grading.limits import BROKEN_CALLS, EXIT_GRACE, MAX_RESTARTS, STARTUP, Limits
from dlbook_tools.grading.proxies import (
    MissingName,
    NotPlainResult,
    RemoteEnv,
    RemoteFunction,
    SandboxFailure,
    resolve,
    student_exception,
)
from dlbook_tools.grading.sandbox import Sandbox

NOTE_LIMIT = 400  # characters of a gradebook note
LOG_TAIL = 600    # characters of a lost worker's stderr kept in the instructor's log


NUMPY_DEFAULT_ERRSTATE = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}


def numpy_errstate() -> dict[str, str] | None:
    """numpy's floating-point error handling here, when a test changed it (None: numpy's default,
    and the worker keeps whatever the notebook set)."""
    import numpy as np

    state = {k: str(v) for k, v in np.geterr().items()}
    return None if state == NUMPY_DEFAULT_ERRSTATE else state


class Session:
    """The conversation with one submission's worker."""

    def __init__(self, make_box: Callable[[], Sandbox], cells: list, limits: Limits, deadline: float | None = None):
        self.make_box, self.cells, self.limits = make_box, cells, limits
        self.deadline = deadline if deadline is not None else time.monotonic() + limits.timeout
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
        self.reference_cells: set[int] = set()   # cells that tried to import dlbook
        self.reference_questions: set[str] = set()  # questions whose calls tried to
        self.notes: list[str] = []        # magics and shell commands not run, arguments not written back

    def new_phase(self) -> None:
        """The whole time limit again, for one more round of tests (unless no worker can start:
        then nothing more is tried). The worker stays: its notebook is not run again, so the
        hidden cases see what the public ones left, as they would in otter's one kernel."""
        if not self.dead:
            self.deadline = time.monotonic() + self.limits.timeout

    def record(self, kind: str, text: str) -> None:
        """Note what went wrong; the first kind (timeout, crashed...) is the submission's status."""
        if self.status == "ok":
            self.status = kind
        self.events.append(text)

    def lose_worker(self, kind: str, text: str) -> SandboxFailure:
        """The worker hung or died: kill it (and all it started), note why, carry on later."""
        if self.box is not None:
            self._keep_stderr(self.box)
            self.box.cleanup()
            self.box = None
        self.restarted = True
        self.record(kind, text)
        return SandboxFailure(text)

    def out_of_time(self) -> str:
        """At the deadline: the worker goes, and nothing more is run."""
        if self.box is not None or not self.dead:
            self.close()
            self.dead = f"time limit of {self.limits.timeout:g} s reached"
            self.record("timeout", self.dead)
        return self.dead

    def _keep_stderr(self, box: Sandbox) -> None:
        tail = box.stderr_tail().strip()
        if tail:
            self.log.append(f"worker stderr (last lines): {tail[-LOG_TAIL:]}")

    # -- the worker -----------------------------------------------------------------------------
    def ensure_running(self) -> Sandbox:
        """The worker, started (and its notebook run) when there is none."""
        if self.box is not None:
            return self.box
        if self.dead:
            raise SandboxFailure(self.dead)
        if time.monotonic() >= self.deadline:
            self.dead = f"time limit of {self.limits.timeout:g} s reached"
            self.record("timeout", self.dead)
            raise SandboxFailure(self.dead)
        if self.starts > MAX_RESTARTS:
            self.dead = f"gave up after {MAX_RESTARTS} restarts of the worker"
            self.events.append(self.dead)
            raise SandboxFailure(self.dead)
        self.starts += 1
        box = self.make_box()
        cell = None
        try:
            box.start(min(self.deadline, time.monotonic() + STARTUP))
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
            self._failed_start(box, err, cell)
        if self.starts == 1:
            for entry in (msg.get("errors") or [])[:50]:
                if type(entry) is list and len(entry) == 3:
                    index, kind, text = entry
                    line = " ".join(str(text).split())[:120]
                    self.cell_errors.append(f"cell {index}: {str(kind)[:60]}" + (f": {line}" if line else ""))
            for note in (msg.get("notes") or [])[:20] if type(msg.get("notes")) is list else []:
                self.notes.append(" ".join(str(note).split())[:160])
        reference = msg.get("reference")
        if type(reference) is list:
            self.reference_cells |= {i for i in reference[:1000] if type(i) is int}
        self.box = box
        return box

    def _failed_start(self, box: Sandbox, err: Exception, cell: int | None) -> NoReturn:
        """The notebook did not run to its end: say why, and start no other worker."""
        where = f" in cell {cell}" if cell is not None else ""
        self._keep_stderr(box)
        how = box.kill(grace=EXIT_GRACE if isinstance(err, wire.Closed) else 0.0)
        box.cleanup()
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
        self.record(kind, self.dead)
        raise SandboxFailure(self.dead) from None

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
            raise self.lose_worker("timeout", f"{self.context}: {what} ran past {limit}") from None
        except wire.Closed:
            if function is not None:
                self.broken[function] = self.broken.get(function, 0) + 1
            how = box.kill(grace=EXIT_GRACE)
            raise self.lose_worker("crashed", f"{self.context}: the worker {how} during {what}") from None
        except wire.WireError as err:
            raise self.lose_worker("crashed", f"{self.context}: the worker broke the protocol "
                                              f"during {what} ({err})") from None

    # -- what a test asks ---------------------------------------------------------------------------
    def call(self, name: str, args: tuple, kwargs: dict) -> Any:
        """Call the student's function `name` in the sandbox; its plain-data answer."""
        if self.broken.get(name, 0) >= BROKEN_CALLS:
            raise SandboxFailure(f"not run: calls to {name} hung or crashed {BROKEN_CALLS} times")
        callbacks: dict[int, Any] = {}

        def reference(x: Any) -> dict:
            if isinstance(x, RemoteFunction) and x.session is self:
                return {"t": "ref", "name": x.name}
            callbacks[len(callbacks)] = x
            return {"t": "fn", "id": len(callbacks) - 1}

        sent = wire.Table()
        try:
            msg = {"op": "call", "name": name, "args": wire.encode(list(args), reference, sent),
                   "kwargs": wire.encode(dict(kwargs), reference, sent)}
        except wire.NotPlainData as err:
            raise SandboxFailure(f"the test passes {err} to {name}, which cannot be sent to the sandbox") from None
        errstate = numpy_errstate()
        if errstate is not None:  # the test's `with np.errstate(...)` holds in the call, as in a kernel
            msg["errstate"] = errstate
        reply = self._request(msg, "return", f"a call to {name}", callbacks, function=name)
        if reply.get("reference") is True:
            self.reference_questions.add(self.context)
        table = self._arguments_after(reply, sent, args, kwargs, name)
        if reply["op"] == "raise":
            raise student_exception(reply)
        if reply["op"] == "notplain":
            why = " ".join(str(reply.get("message", "")).split())[:160]
            raise NotPlainResult(why or f"{name} did not return plain data")
        try:
            return wire.decode(reply.get("value"), None, table)
        except wire.NotPlainData:
            raise NotPlainResult(f"{name} did not return plain data") from None

    def _arguments_after(self, reply: dict, sent: wire.Table, args: tuple, kwargs: dict, name: str) -> wire.Table:
        """Apply what the call did to its arguments; the table its answer's aliases refer to
        (the test's own arrays where the answer returns an argument)."""
        table = wire.Table()
        if reply.get("same") is True:
            table.objects = list(sent.objects)
        elif "state" in reply:
            decoded, state = wire.Table(), reply["state"]
            try:
                if type(state) is not list or len(state) != 2:
                    raise wire.NotPlainData("malformed state")
                state = [wire.decode(part, lambda ref: mutation.SKIP, decoded) for part in state]
            except wire.NotPlainData:
                state = None
            kept = mutation.apply(args, kwargs, state, self.notes, name) if state is not None else None
            if kept is None:
                self.notes.append(f"{name} changed its arguments, and the change could not be read back")
            else:
                table.objects = [kept.get(id(o), o) for o in decoded.objects]
        elif reply.get("lost") is True:
            self.notes.append(f"{name} left its arguments in a state that cannot be sent back")
        return table

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
        """What each name is in the notebook's globals (a function, a module, a value, missing)."""
        reply = self._request({"op": "lookup", "names": names}, "names", "a lookup of " + ", ".join(names))
        found = reply.get("v") if reply["op"] == "names" else None
        if type(found) is not dict or not all(type(found.get(n)) is dict for n in names):
            raise self.lose_worker("crashed", f"{self.context}: the worker answered a lookup with nonsense")
        return found

    def arguments(self, params: list[str]) -> dict[str, Any]:
        """A test case's arguments, by parameter name; a name the notebook never defined
        fails the case with a :class:`MissingName` (not a ``NoneType`` error)."""
        names = [p for p in params if p != "env"]
        found = self.lookup(names) if names else {}
        for p in names:
            if found[p].get("kind") == "missing":
                raise MissingName(undefined_note(p))
        return {p: RemoteEnv(self) if p == "env" else resolve(self, p, found[p]) for p in params}

    def kinds(self, names: list[str]) -> dict[str, str]:
        """What each name is for :func:`~dlbook_tools.grading.answers.question_state`:
        "missing", "module", "placeholder" or "defined"."""
        found = self.lookup(names)
        out = {}
        for n in names:
            kind = found[n].get("kind")
            out[n] = ("missing" if kind == "missing" else "module" if kind == "module"
                      else "placeholder" if found[n].get("placeholder") is True else "defined")
        return out

    def close(self) -> None:
        if self.box is not None:
            self.box.cleanup()
            self.box = None

    def note(self) -> str:
        """The gradebook's note: what went wrong, once each, then errors of the notebook's cells."""
        parts = list(dict.fromkeys(self.events)) + list(dict.fromkeys(self.notes))[:5]
        if self.cell_errors:
            shown = self.cell_errors[:3]
            more = len(self.cell_errors) - len(shown)
            parts.append("errors in the notebook: " + "; ".join(shown) + (f"; {more} more" if more > 0 else ""))
        note = " | ".join(parts)
        return note if len(note) <= NOTE_LIMIT else note[:NOTE_LIMIT - 1] + "…"
