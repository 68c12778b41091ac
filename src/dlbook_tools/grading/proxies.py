"""What a trusted test receives for the notebook's names, and what it sees go wrong.

An otter test case names globals of the notebook as its parameters
(``def test_sigmoid_values(sigmoid): ...``). It receives, from :func:`resolve`:

- a :class:`RemoteFunction` for a student function: calling it asks the sandbox
  (through the :class:`~dlbook_tools.grading.session.Session`) and returns plain data;
- a module of this process for a module name, only from :data:`SAFE_MODULES` (``np``
  is the grader's numpy, never the student's patched one);
- a plain value, rebuilt by :mod:`~dlbook_tools.grading.wire` (a name the notebook never
  defined fails the case with :class:`MissingName` before the test runs, where otter would
  pass ``None``);
- a :class:`RemoteEnv` for a parameter called ``env``.

The student's exceptions come back as builtin (or numpy / torch) types when they are
one, so ``except ValueError`` in a test works (:func:`student_exception`). Whatever goes
wrong on the sandbox's side raises a :class:`SandboxFailure`, a ``BaseException``, so a
test's own ``except Exception`` can never turn it into a pass.
"""

from __future__ import annotations

import builtins
import importlib
import re
import sys
from typing import TYPE_CHECKING, Any

from dlbook_tools.grading import wire

if TYPE_CHECKING:
    from dlbook_tools.grading.session import Session

#: modules a test may receive for a module-valued name (``np``), imported here, never the student's
SAFE_MODULES = frozenset({"numpy", "math", "cmath", "random", "statistics", "itertools", "functools",
                          "collections", "operator", "fractions", "decimal", "string", "re",
                          "torch", "scipy", "pandas"})
#: exceptions with a meaning to the interpreter: never raised in a test on the student's word
NOT_RECREATED = (StopIteration, StopAsyncIteration, GeneratorExit)
MAX_TYPES = 16  # entries of an exception's class hierarchy looked at


class SandboxFailure(BaseException):
    """No answer from the student's code: a timeout, a crash, a broken protocol."""


class CaseTimeout(SandboxFailure):
    """A test case ran past the submission's time limit."""


class NotPlainResult(SandboxFailure):
    """The student's code answered with something that is not plain data."""


class MissingName(SandboxFailure):
    """A name the test asks for is not defined in the notebook (the message says which)."""


class StudentError(Exception):
    """An exception raised by student code, of a type the grader does not recreate."""


class RemoteFunction:
    """A student function, as a test sees it: calling it asks the sandbox."""

    __slots__ = ("session", "name")

    def __init__(self, session: Session, name: str):
        self.session, self.name = session, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.session.call(self.name, args, kwargs)

    def __repr__(self) -> str:
        return f"<student function {self.name}>"

    @property
    def __name__(self) -> str:
        return self.name


class RemoteEnv:
    """The notebook's globals, for a test that takes ``env``: looked up one name at a time."""

    def __init__(self, session: Session):
        self.session = session

    def __getitem__(self, name: str) -> Any:
        info = self.session.lookup([name])[name]
        if info.get("kind") == "missing":
            raise KeyError(name)
        return resolve(self.session, name, info)

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.session.lookup([name])[name].get("kind") != "missing"


def resolve(session: Session, name: str, info: dict) -> Any:
    """What a test receives for `name`, from the worker's description of it (a lookup)."""
    kind = info.get("kind")
    if kind == "function":
        return RemoteFunction(session, name)
    if kind == "module":
        return safe_module(info.get("module"))
    if kind == "missing":
        return None  # as otter: a missing name is passed as None
    if kind == "value":
        try:
            return wire.decode(info.get("value"))
        except wire.NotPlainData:
            raise NotPlainResult(f"{name} is not plain data") from None
    raise NotPlainResult(f"{name} is not plain data")


def safe_module(name: Any) -> Any:
    """This process's module `name` when it is one a test may have, else None."""
    if type(name) is not str or not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", name):
        return None
    if name.split(".")[0] not in SAFE_MODULES:
        return None
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def student_exception(reply: dict) -> Exception:
    """The student's exception, recreated as a builtin (or numpy / torch) type when it is
    one, so ``except ValueError`` in a test works; otherwise a StudentError."""
    message = str(reply.get("message", ""))[:wire.MAX_TEXT]
    types_ = reply.get("types")
    entries: list = types_[:MAX_TYPES] if type(types_) is list else []
    for entry in entries:
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
    first = entries[0][1] if entries and type(entries[0]) is list and len(entries[0]) == 2 else "Exception"
    return StudentError(f"{str(first)[:80]}: {message}")
