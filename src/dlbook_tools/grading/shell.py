"""IPython, as far as a graded notebook needs it: cells with magics run as a kernel runs them.

The worker turns a cell's IPython syntax into Python with IPython's own
``TransformerManager`` (``%%time`` becomes ``get_ipython().run_cell_magic("time", "", body)``),
and ``get_ipython()`` in the notebook returns a :class:`Shell`, which runs what a kernel
would run and nothing else:

- ``%%time``, ``%%prun`` run the cell in the notebook's namespace; ``%%timeit`` runs it once, in
  a namespace of its own, as IPython's timer does; ``%%capture [name]`` runs it with its output
  captured (and kept in ``name``); ``%%writefile [-a] file`` writes the cell to the worker's
  scratch folder; display magics (``%%html``, ``%%latex``...) show nothing and do nothing;
- ``%time`` and ``%timeit`` run their statement once (``x = %time f()`` keeps the value);
  settings such as ``%matplotlib`` or ``%load_ext`` do nothing;
- anything else (``%%bash``, ``!pip``, ``%run``) is not run, with a note for the gradebook.

Runs inside the sandbox, on the untrusted side: nothing here is believed by the grader.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
from collections.abc import Callable
from typing import Any

DISPLAY_ONLY = frozenset({"html", "HTML", "latex", "markdown", "javascript", "js", "svg", "mermaid"})
IN_NAMESPACE = frozenset({"time", "prun", "debug", "capture"})
SETTINGS = frozenset({"matplotlib", "config", "load_ext", "reload_ext", "unload_ext", "autoreload", "aimport",
                      "precision", "xmode", "colors", "pprint", "autocall", "automagic", "who", "whos", "who_ls",
                      "history", "hist", "lsmagic", "magic", "pinfo", "pinfo2", "psearch", "pdoc", "pdef",
                      "psource", "pfile", "doctest_mode", "notebook", "alias_magic", "page", "env", "store",
                      "reset_selective", "tb", "pdb", "quickref", "pwd"})


def needs_ipython(source: str) -> bool:
    """Whether a cell holds IPython syntax (a magic, a shell escape, a help request)."""
    for line in source.splitlines():
        s = line.strip()
        if s.startswith(("%", "!")) or (s.endswith("?") and not s.startswith("#")) or "= !" in s or "= %" in s:
            return True
    return False


def to_python(source: str) -> str:
    """The cell as a kernel would run it: IPython's own transformation (the source as it
    is where IPython is missing)."""
    if not needs_ipython(source):
        return source
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return source
    return str(TransformerManager().transform_cell(source))


class Captured:
    """What ``%%capture name`` keeps: the cell's standard output and error."""

    def __init__(self, stdout: str, stderr: str):
        self.stdout, self.stderr = stdout, stderr
        self.outputs: list = []

    def show(self) -> None:
        print(self.stdout, end="")

    def __call__(self) -> None:
        self.show()


class Shell:
    """``get_ipython()`` of a graded notebook. `run` executes a cell's Python in the notebook's
    globals (or in a namespace of its own); `note` records what was not run."""

    def __init__(self, env: dict, run: Callable[[str, dict | None], None], note: Callable[[str], None]):
        self.user_ns = env
        self._run, self._note = run, note

    # -- cell magics --------------------------------------------------------------------------
    def run_cell_magic(self, magic_name: str, line: str, cell: str) -> Any:
        name = magic_name.strip()
        if name in DISPLAY_ONLY:
            return None
        if name == "capture":
            return self._capture(line, cell)
        if name in IN_NAMESPACE:
            self._run(to_python(cell), None)
        elif name == "timeit":
            setup = _timeit_setup(line)
            self._run(to_python(setup + "\n" + cell), {})
        elif name in ("writefile", "file"):
            self._writefile(line, cell)
        else:
            self._note(f"the %%{name} magic is not run in grading")
        return None

    def _capture(self, line: str, cell: str) -> None:
        args = [a for a in line.split() if not a.startswith("-")]
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                self._run(to_python(cell), None)
        finally:
            if args and args[0].isidentifier():
                self.user_ns[args[0]] = Captured(out.getvalue(), err.getvalue())

    def _writefile(self, line: str, cell: str) -> None:
        try:
            args = shlex.split(line)
        except ValueError:
            args = line.split()
        append = any(a in ("-a", "--append") for a in args)
        names = [a for a in args if not a.startswith("-")]
        if not names:
            raise ValueError("%%writefile needs a file name")
        path = os.path.expanduser(names[0])
        with open(path, "a" if append else "w", encoding="utf-8") as f:
            f.write(cell)

    # -- line magics --------------------------------------------------------------------------
    def run_line_magic(self, magic_name: str, line: str, _stack_depth: int = 1) -> Any:
        name = magic_name.strip()
        if name in ("time", "timeit", "prun"):
            statement = _timeit_statement(line) if name == "timeit" else line
            return self._evaluate(statement, own_namespace=name == "timeit")
        if name in SETTINGS:
            return None
        self._note(f"the %{name} magic is not run in grading")
        return None

    def _evaluate(self, statement: str, own_namespace: bool) -> Any:
        namespace: dict | None = {} if own_namespace else None
        try:
            code = compile(statement, "<magic>", "eval")
        except SyntaxError:
            self._run(to_python(statement), namespace)
            return None
        return eval(code, self.user_ns, namespace)  # noqa: S307 - the student's own code, in the sandbox

    # -- shell escapes and the rest -----------------------------------------------------------------
    def system(self, cmd: str) -> None:
        self._note(f"the shell command `!{cmd.split()[0] if cmd.split() else ''}` is not run in grading")

    def getoutput(self, cmd: str, split: bool = True) -> list:
        self.system(cmd)
        return []

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def _timeit_setup(line: str) -> str:
    """The setup statement of ``%%timeit [-n N -r R ...] [setup]``: what follows the options."""
    words = line.split()
    i = 0
    while i < len(words) and words[i].startswith("-"):
        i += 2 if words[i] in ("-n", "-r", "-p") else 1
    return " ".join(words[i:])


def _timeit_statement(line: str) -> str:
    return _timeit_setup(line)
