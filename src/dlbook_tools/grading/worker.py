"""The sandboxed worker: runs one submission's notebook code and answers calls on it.

Started by :mod:`dlbook_tools.grading.sandbox` as ``python -I -m dlbook_tools.grading.worker`` inside
bubblewrap (or under rlimits only where bubblewrap is missing), with two pipe file
descriptors to the trusted grader. Before any student code runs it drops root (when
started as root inside the sandbox) and says hello; from then on everything in this
process is untrusted, so the grader believes nothing it says beyond plain data.

Requests (see :mod:`dlbook_tools.grading.wire`): ``run`` the notebook's code cells (like a
kernel, a failing cell does not stop the rest; ``sys.exit`` in a cell is an error of
that cell), ``lookup`` names in the notebook's globals (a function, a module, a plain
value, or missing), ``call`` a function on plain-data arguments, ``bye``. While a call
runs, the student's code may call back a function the test passed in (``callback``).
The worker is never sent a test, a test's source or an expected value.
"""

from __future__ import annotations

import builtins
import os
import signal
import sys
import types
from typing import Any

from dlbook_tools.grading import wire


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


class Worker:
    def __init__(self, rfd: int, wfd: int):
        self.rfd, self.wfd = rfd, wfd
        self.reader = wire.Reader(rfd)
        self.module = types.ModuleType("__main__")
        self.env = self.module.__dict__
        self.env.update(__builtins__=builtins, display=lambda *a, **k: None,
                        get_ipython=lambda: _Anything())
        self.depth = 0

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
        errors = []
        for index, source in msg.get("cells", []):
            self.send({"op": "cell", "i": index})
            try:
                code = compile(_ipython_to_python(source), f"<cell {index}>", "exec")
                exec(code, self.env)  # noqa: S102 - this is the sandbox's whole purpose
            except BaseException as err:  # noqa: BLE001 - SystemExit too: a kernel survives it
                info = _exception_info(err)
                errors.append([index, info["types"][0][1], info["message"][:300]])
        self.send({"op": "ran", "errors": errors})

    def lookup(self, msg: dict) -> None:
        found, size = {}, 0
        for name in msg.get("names", []):
            if type(name) is not str:
                continue
            if name not in self.env:
                found[name] = {"kind": "missing"}
                continue
            value = self.env[name]
            if isinstance(value, types.ModuleType):
                found[name] = {"kind": "module", "module": str(getattr(value, "__name__", ""))}
            elif callable(value):
                found[name] = {"kind": "function"}
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
            args = wire.decode(msg.get("args"), self._resolve)
            kwargs = wire.decode(msg.get("kwargs"), self._resolve)
            if type(args) is not list or type(kwargs) is not dict:
                raise wire.NotPlainData("malformed call")
        except wire.NotPlainData as err:
            self.send({"op": "raise", "types": [["builtins", "TypeError"]], "message": str(err)})
            return
        try:
            result = func(*args, **kwargs)
        except BaseException as err:  # noqa: BLE001 - whatever it raised, the test sees it
            self.send(_exception_info(err))
            return
        try:
            reply = {"op": "return", "value": wire.encode(result)}
            wire.dumps(reply)  # too large is not plain data either
        except Exception as err:  # noqa: BLE001 - whatever the answer did to the encoder
            reply = {"op": "notplain", "message": f"{name} returned {err}, not plain data"[:wire.MAX_TEXT]}
        self.send(reply)

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


def _ipython_to_python(source: str) -> str:
    """Cells may hold IPython syntax (%magics, !commands); turn them into calls on the stub
    shell, as a kernel would, so the rest of the cell still runs."""
    if not any(line.lstrip().startswith(("%", "!")) for line in source.splitlines()):
        return source
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return source
    return TransformerManager().transform_cell(source)


def main(argv: list[str]) -> None:
    opts = dict(zip(argv[::2], argv[1::2]))
    if "--uid" in opts:
        _drop_root(int(opts["--uid"]), int(opts["--gid"]))
    # Past the size limit a write fails with an error instead of killing the process.
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    worker = Worker(int(opts["--rfd"]), int(opts["--wfd"]))
    worker.send({"op": "hello", "uid": os.getuid(), "euid": os.geteuid(), "caps": _capabilities(),
                 "pid": os.getpid(), "cwd": os.getcwd()})
    import numpy  # noqa: F401 - nearly every notebook needs it; imported before student code

    _stub_modules()
    sys.modules["__main__"] = worker.module
    worker.serve()


if __name__ == "__main__":
    main(sys.argv[1:])
