"""The rules self-check and grading share about a student's answers, so the one predicts the other.

- The reference package is out of reach: :func:`block_reference_package` installs, before any
  student code runs, an import hook that refuses ``dlbook`` and ``dlbook.*`` (in grading the
  sandbox does not even show it; the hook makes it fail in every mode, and reports each try).
  A question whose cells (or whose functions, when called) try to import it earns nothing,
  with :data:`REFERENCE_NOTE`.
- A question still at ``...`` is not answered yet (:func:`is_placeholder`): every name its
  tests ask for is the template's ``...``, a function whose body still holds a bare ``...``
  and returns nothing, or missing. It gets one line, :data:`NOT_ANSWERED`, no hints.
- A name the notebook never defines gets :func:`undefined_note`, not a ``NoneType`` error.
- Cells belong to questions as a reader reads them (:func:`questions_of_cells`): the code
  cells before a ``grader.check("qN")`` cell, since the previous check, answer qN.

The sandboxed worker and the kernel of ``dlbook check`` import this file, so it uses only the
standard library, and nothing here trusts what it inspects beyond reporting it.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
import textwrap
import types
from collections.abc import Callable, Iterable
from typing import Any

REFERENCE_NOTE = "the exercises are solved without dlbook: importing it is not possible in grading"
NOT_ANSWERED = "not answered yet"
CHECK_CELL = re.compile(r"""grader\.check\(\s*["']([\w.-]+)["']\s*\)""")


def undefined_note(name: str) -> str:
    return f"`{name}` is not defined in your notebook: run the cell that defines it, and check its name"


# -- the reference package, out of reach ---------------------------------------------------------

def is_reference(name: str) -> bool:
    return name == "dlbook" or name.startswith("dlbook.")


class NoReferencePackage:
    """Refuses ``import dlbook`` (and its submodules), and tells `on_try` each time. A meta path
    finder needs only ``find_spec`` (importlib.abc's base class would cost every worker 14 ms)."""

    def __init__(self, on_try: Callable[[str], None] | None = None):
        self.on_try = on_try

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if is_reference(name):
            if self.on_try is not None:
                try:
                    self.on_try(name)
                except Exception:  # noqa: BLE001 - reporting never changes the refusal
                    pass
            raise ModuleNotFoundError(f"No module named {name!r} ({REFERENCE_NOTE})", name=name)
        return None


def block_reference_package(on_try: Callable[[str], None] | None = None) -> NoReferencePackage:
    """Make ``import dlbook`` fail from now on in this process (first on the meta path, and
    whatever was imported of it forgotten)."""
    for name in [n for n in sys.modules if is_reference(n)]:
        del sys.modules[name]
    finder = NoReferencePackage(on_try)
    sys.meta_path.insert(0, finder)
    return finder


# -- placeholders ------------------------------------------------------------------------------------

def _stub_def(node: ast.AST) -> bool:
    """A function definition still holding the template's bare ``...`` and returning nothing."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    has_ellipsis = any(isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and s.value.value is Ellipsis
                       for s in node.body)
    if not has_ellipsis:
        return False
    todo: list[ast.AST] = list(node.body)
    while todo:  # a return with a value, or a yield, outside nested definitions: an answer
        n = todo.pop()
        if isinstance(n, ast.Return) and n.value is not None:
            return False
        if isinstance(n, (ast.Yield, ast.YieldFrom)):
            return False
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(n))
    return True


def _function_source(func: Any) -> str | None:
    try:
        return textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError, IndentationError, ValueError):
        return None


_stub_code: dict[types.CodeType, bool] = {}


def is_placeholder(value: Any) -> bool:
    """The template's ``...`` still in place: Ellipsis itself, a function whose body still has
    a bare ``...`` and returns nothing, or a class whose own methods all are such functions."""
    if value is Ellipsis:
        return True
    try:
        if inspect.isfunction(value):
            code = value.__code__
            if code not in _stub_code:  # a test asks about each name many times: parse it once
                source = _function_source(value)
                tree = ast.parse(source) if source is not None else None
                _stub_code[code] = tree is not None and bool(tree.body) and _stub_def(tree.body[0])
            return _stub_code[code]
        if inspect.isclass(value):
            methods = [v for v in vars(value).values() if inspect.isfunction(v)]
            return bool(methods) and all(is_placeholder(m) for m in methods)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return False


def describe_names(env: dict, names: Iterable[str]) -> dict[str, str]:
    """For each name: "missing", "module", "placeholder" or "defined" in the notebook's globals `env`."""
    out = {}
    for name in names:
        if name not in env:
            out[name] = "missing"
        elif isinstance(env[name], types.ModuleType):
            out[name] = "module"
        else:
            out[name] = "placeholder" if is_placeholder(env[name]) else "defined"
    return out


def question_state(kinds: dict[str, str]) -> str:
    """A question, from what its names are ("missing" / "module" / "placeholder" / "defined"):
    "not answered" when, modules aside, none is defined and at least one is still a
    placeholder; else "answered" (a missing name is then reported on its own)."""
    values = [v for v in kinds.values() if v != "module"]
    if values and "defined" not in values and "placeholder" in values:
        return "not answered"
    return "answered"


# -- cells and questions -----------------------------------------------------------------------------

def questions_of_cells(cells: Iterable[tuple[int, str]] | Iterable[list]) -> dict[int, str]:
    """Cell number -> the question it answers: the code cells before a ``grader.check("qN")``
    cell, since the previous check, answer qN (the check cell itself too). Cells after the last
    check answer none."""
    out: dict[int, str] = {}
    pending: list[int] = []
    for number, source in cells:
        pending.append(number)
        found = CHECK_CELL.findall(source) if isinstance(source, str) else []
        if found:
            for n in pending:
                out[n] = found[0]
            pending = []
    return out
