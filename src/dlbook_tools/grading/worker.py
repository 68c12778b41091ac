"""The sandboxed worker: runs one submission's notebook code and answers calls on it.

Started by :mod:`dlbook_tools.grading.sandbox` as ``python -I -m dlbook_tools.grading.worker`` inside
bubblewrap (or under rlimits only where bubblewrap is missing), with two pipe file
descriptors to the trusted grader. Before any student code runs it drops root (when
started as root inside the sandbox) and says hello; from then on everything in this
process is untrusted, so the grader believes nothing it says beyond plain data.

Before any student code, ``import dlbook`` is made to fail (:mod:`~dlbook_tools.grading.answers`),
and each try is reported with the cell or call that made it.

Requests (see :mod:`dlbook_tools.grading.wire`): ``run`` the notebook's code cells (like a
kernel: a failing cell does not stop the rest; ``sys.exit`` in a cell is an error of that
cell; IPython syntax and magics run as IPython runs them, :mod:`~dlbook_tools.grading.shell`),
``lookup`` names in the notebook's globals (a function, a module, a plain value, or missing;
and whether it is still the template's ``...``), ``call`` a function on plain-data arguments,
``bye``. A call's answer carries the final state of its arguments when the call changed them
(in-place updates are seen by the test as in a kernel), with the identity of arrays kept
across arguments and answer. While a call runs, the student's code may call back a function
the test passed in (``callback``). The worker is never sent a test, a test's source or an
expected value.
"""

from __future__ import annotations

import builtins
import linecache
import os
import signal
import sys
import types
from typing import Any

from dlbook_tools.grading import answers, wire
from dlbook_tools.grading.shell import Shell, to_python


def _drop_root(uid: int, gid: int) -> None:
    """Become an unprivileged user before any student code runs (no-op unless root)."""
    if os.geteuid() != 0:
        return
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.geteuid() == 0 or os.getuid() == 0:
        raise SystemExit("could not drop root")


def _capabilities() -> str | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("CapEff:"):
                    return line.split()[1]
    except OSError:
        pass
    return None


class _Anything:
    """otter's Notebook and IPython's shell, as seen by student code: every method a no-op."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def _stub_modules() -> None:
    otter = types.ModuleType("otter")
    setattr(otter, "Notebook", _Anything)  # `grader = otter.Notebook(...)`; grader.check(...) does nothing
    sys.modules["otter"] = otter


def _exception_info(err: BaseException) -> dict:
    types_ = [[getattr(c, "__module__", "?"), getattr(c, "__qualname__", "?")] for c in type(err).__mro__]
    try:
        message = str(err)
    except Exception:  # noqa: BLE001 - a broken __str__ is still an error
        message = ""
    return {"op": "raise", "types": types_[:16], "message": message[:wire.MAX_TEXT]}


def _state_ref(x: Any) -> dict:
    """A function among a call's arguments, in their final state: the grader keeps its own."""
    return {"t": "ref", "name": ""}


class Worker:
    def __init__(self, rfd: int, wfd: int):
        self.rfd, self.wfd = rfd, wfd
        self.reader = wire.Reader(rfd)
        self.module = types.ModuleType("__main__")
        self.env = self.module.__dict__
        self.shell = Shell(self.env, self._exec, self._note)
        self.env.update(__builtins__=builtins, display=lambda *a, **k: None, get_ipython=lambda: self.shell)
        self.depth = 0
        self.cell: int | None = None       # the cell running, for notes and reference imports
        self.tried_reference = False       # the running cell or call tried to import dlbook
        self.notes: list[str] = []

    def on_reference(self, name: str) -> None:
        self.tried_reference = True

    def _exec(self, source: str, namespace: dict | None) -> None:
        """Run the body of a cell magic (``%%time``) in the notebook's globals."""
        where = f"<cell {self.cell} body>" if self.cell is not None else "<magic>"
        linecache.cache[where] = (len(source), None, source.splitlines(True), where)
        exec(compile(source, where, "exec"), self.env, namespace)  # noqa: S102 - the sandbox's purpose

    def _note(self, text: str) -> None:
        if len(self.notes) < 20:
            self.notes.append((f"cell {self.cell}: " if self.cell is not None else "") + text)

    def send(self, msg: dict) -> None:
        wire.send(self.wfd, msg)

    # -- values in and out ----------------------------------------------------------
    def _resolve(self, ref: dict) -> Any:
        if ref["t"] == "ref":  # one of the student's own functions, passed back by a test
            name = ref.get("name")
            if type(name) is not str or name not in self.env:
                raise wire.NotPlainData(f"no function {name!r} in the notebook")
            return self.env[name]
        fid = ref.get("id")

        def grader_function(*args: Any, **kwargs: Any) -> Any:
            try:
                payload = {"op": "callback", "id": fid, "args": wire.encode(list(args)),
                           "kwargs": wire.encode(kwargs)}
            except wire.NotPlainData as err:
                raise TypeError(f"only plain data can be passed to a grader's function, not {err}") from None
            self.send(payload)
            reply = self.serve(until_reply=True)
            if reply["op"] == "return":
                return wire.decode(reply.get("value"))
            raise _local_exception(reply)

        grader_function.__name__ = grader_function.__qualname__ = "grader_function"
        return grader_function

    # -- requests -----------------------------------------------------------------------
    def run(self, msg: dict) -> None:
        errors, reference = [], []
        for index, source in msg.get("cells", []):
            self.send({"op": "cell", "i": index})
            self.cell, self.tried_reference = index, False
            try:
                python = to_python(source)
                name = f"<cell {index}>"
                # As IPython does: the cell's source is where inspect and tracebacks find it.
                linecache.cache[name] = (len(python), None, python.splitlines(True), name)
                exec(compile(python, name, "exec"), self.env)  # noqa: S102 - this is the sandbox's whole purpose
            except BaseException as err:  # noqa: BLE001 - SystemExit too: a kernel survives it
                info = _exception_info(err)
                errors.append([index, info["types"][0][1], info["message"][:300]])
            if self.tried_reference:
                reference.append(index)
        self.cell = None
        self.send({"op": "ran", "errors": errors, "reference": reference, "notes": self.notes})

    def lookup(self, msg: dict) -> None:
        found: dict[str, dict[str, Any]] = {}
        size = 0
        for name in msg.get("names", []):
            if type(name) is not str:
                continue
            if name not in self.env:
                found[name] = {"kind": "missing"}
                continue
            value = self.env[name]
            try:
                placeholder = answers.is_placeholder(value)
            except Exception:  # noqa: BLE001 - an answer that breaks inspection is an answer
                placeholder = False
            if isinstance(value, types.ModuleType):
                found[name] = {"kind": "module", "module": str(getattr(value, "__name__", ""))}
            elif callable(value):
                found[name] = {"kind": "function", "placeholder": placeholder}
            elif placeholder:
                found[name] = {"kind": "value", "value": {"t": "ellipsis"}, "placeholder": True}
            else:
                try:
                    encoded = wire.encode(value)
                    size += len(wire.dumps({"op": "value", "v": encoded}))
                    if size > wire.MAX_MESSAGE // 2:
                        raise wire.NotPlainData("too large")
                    found[name] = {"kind": "value", "value": encoded}
                except Exception as err:  # noqa: BLE001 - not plain data, however it failed
                    found[name] = {"kind": "opaque", "why": str(err)[:200]}
        self.send({"op": "names", "v": found})

    def call(self, msg: dict) -> None:
        name = msg.get("name")
        func = self.env.get(name) if type(name) is str else None
        if not callable(func):
            self.send({"op": "raise", "types": [["builtins", "NameError"]],
                       "message": f"{name!r} is not a function of the notebook"})
            return
        try:
            table = wire.Table()
            args = wire.decode(msg.get("args"), self._resolve, table)
            kwargs = wire.decode(msg.get("kwargs"), self._resolve, table)
            if type(args) is not list or type(kwargs) is not dict:
                raise wire.NotPlainData("malformed call")
            # Numbers and strings cannot change: only other arguments are compared after the call.
            before = None if all(type(a) in wire.IMMUTABLE for a in (*args, *kwargs.values())) else \
                [wire.encode(args, _state_ref), wire.encode(kwargs, _state_ref)]
        except wire.NotPlainData as err:
            self.send({"op": "raise", "types": [["builtins", "TypeError"]], "message": str(err)})
            return
        self.tried_reference = False
        try:
            with _errstate(msg.get("errstate")):
                result = func(*args, **kwargs)
        except BaseException as err:  # noqa: BLE001 - whatever it raised, the test sees it
            self.send({**_exception_info(err), **self._after(args, kwargs, before)[0]})
            return
        state, table = self._after(args, kwargs, before)
        try:
            data = wire.dumps({"op": "return", "value": wire.encode(result, None, table), **state})
        except Exception as err:  # noqa: BLE001 - whatever the answer did to the encoder; too large too
            message = f"{name} returned {err}, not plain data"[:wire.MAX_TEXT]
            try:
                data = wire.dumps({"op": "notplain", "message": message, **state})
            except wire.NotPlainData:  # the answer and the arguments together are too large
                data = wire.dumps({"op": "notplain", "message": message})
        wire.send_bytes(self.wfd, data)

    def _after(self, args: list, kwargs: dict, before: list | None) -> tuple[dict, wire.Table]:
        """What a call did to its arguments: ``same`` (nothing), their final ``state``, or
        ``lost`` (they no longer are plain data); and the table the answer is encoded with."""
        out: dict[str, Any] = {"reference": True} if self.tried_reference else {}
        table = wire.Table()
        if before is None:
            return {**out, "same": True}, table
        try:
            after = [wire.encode(args, _state_ref, table), wire.encode(kwargs, _state_ref, table)]
            if after == before:
                return {**out, "same": True}, table
            wire.dumps({"op": "state", "v": after})
            return {**out, "state": after}, table
        except Exception:  # noqa: BLE001 - not plain any more, or too large
            return {**out, "lost": True}, wire.Table()

    def serve(self, until_reply: bool = False) -> dict:
        """Answer requests; with `until_reply`, return the reply to our own callback."""
        self.depth += 1
        try:
            if self.depth > wire.MAX_CALLBACK_DEPTH:
                raise RecursionError("callbacks nested too deeply")
            while True:
                try:
                    msg = self.reader.recv()
                except wire.Closed:
                    os._exit(0)
                op = msg["op"]
                if op in ("return", "raise") and until_reply:
                    return msg
                if op == "run":
                    self.run(msg)
                elif op == "lookup":
                    self.lookup(msg)
                elif op == "call":
                    self.call(msg)
                elif op == "bye":
                    os._exit(0)
        finally:
            self.depth -= 1


ERR_KINDS = ("divide", "over", "under", "invalid")
ERR_MODES = ("ignore", "warn", "raise", "print")


def _errstate(state: Any) -> Any:
    """The test's numpy error handling (``np.errstate(over="raise")``) around a call."""
    import contextlib

    import numpy as np

    if type(state) is not dict:
        return contextlib.nullcontext()
    modes: dict[str, Any] = {k: v if v in ERR_MODES else "warn" for k, v in state.items()
                             if k in ERR_KINDS and type(v) is str}
    return np.errstate(**modes)


def _local_exception(reply: dict) -> BaseException:
    """A grader function's exception, raised in the student's code (builtin types only)."""
    name = str(reply.get("type", "Exception"))
    cls = getattr(builtins, name, None)
    if not (isinstance(cls, type) and issubclass(cls, Exception)):
        cls = RuntimeError
    try:
        return cls(str(reply.get("message", ""))[:wire.MAX_TEXT])
    except Exception:  # noqa: BLE001 - e.g. an exception class that needs more arguments
        return RuntimeError(str(reply.get("message", "")))


def main(argv: list[str]) -> None:
    opts = dict(zip(argv[::2], argv[1::2]))
    if "--uid" in opts:
        _drop_root(int(opts["--uid"]), int(opts["--gid"]))
    # Past the size limit a write fails with an error instead of killing the process.
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    worker = Worker(int(opts["--rfd"]), int(opts["--wfd"]))
    answers.block_reference_package(worker.on_reference)  # before any student code
    worker.send({"op": "hello", "uid": os.getuid(), "euid": os.geteuid(), "caps": _capabilities(),
                 "pid": os.getpid(), "cwd": os.getcwd()})
    import numpy  # noqa: F401 - nearly every notebook needs it; imported before student code

    _stub_modules()
    sys.modules["__main__"] = worker.module
    worker.serve()


if __name__ == "__main__":
    main(sys.argv[1:])
