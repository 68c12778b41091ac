"""The assignment being graded: an otter autograder's tests, and the limits sized for it.

ASSIGNMENT on the command line is a built exercise set's name or the path of an otter
autograder zip; :func:`resolve_assignment` is the one place that tells them apart. The
tests are always read straight from the zip, so what is graded is what Gradescope would
run, and the limits the build sized for the set are read from the ``limits.json`` beside
it (a zip built elsewhere has none: the defaults of
:mod:`~dlbook_tools.grading.limits` apply).

otter is used through its public API (``ExceptionTestFile.from_string``, a test case's
``test_func``, ``points`` and ``hidden``, ``TestCaseResult`` and a test file's ``score``)
except where it has none, said where it happens.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import re
import sys
import types
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlbook_tools.errors import UserError
from dlbook_tools.quiet import quiet


def natural_key(s: str) -> list:
    """Sort key that puts q2 before q10 and student2 before student10."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


# -- otter, without its package's start-up ------------------------------------------------------

@contextlib.contextmanager
def otter_test_files() -> Iterator[types.SimpleNamespace]:
    """otter's ``ExceptionTestFile`` and ``TestCaseResult``, loaded without running otter's
    package ``__init__``, which imports nbconvert, pandas and jsonschema (seconds, for nothing
    grading needs); the two files they live in import only the standard library. otter has
    no public way to load them alone, so its two packages are stood in for, only while the
    block runs (test files import ``from otter.test_files import test_case`` as they load):
    afterwards a plain ``import otter`` imports the real package. Where otter is already
    imported, that is used as it is."""
    stand_ins: list[str] = []
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
            stand_ins.append(pkg_name)
        setattr(sys.modules["otter"], "test_files", sys.modules["otter.test_files"])
    try:
        exception_test = importlib.import_module("otter.test_files.exception_test")
        abstract_test = importlib.import_module("otter.test_files.abstract_test")
        package = sys.modules["otter.test_files"]
        if not hasattr(package, "test_case"):
            setattr(package, "test_case", exception_test.test_case)
        yield types.SimpleNamespace(ExceptionTestFile=exception_test.ExceptionTestFile,
                                    TestCaseResult=abstract_test.TestCaseResult)
    finally:
        for name in stand_ins:
            sys.modules.pop(name, None)


def parameters(tc: Any) -> list[str]:
    """The notebook names a test case takes. otter's own helper for this is private
    (``test_case._get_func_params``); its ``test_func`` is public."""
    import inspect

    return list(inspect.signature(tc.body.test_func).parameters)


# -- the assignment ---------------------------------------------------------------------------

@dataclass
class Assignment:
    """An otter autograder: its name and its (hidden and public) exception-based tests."""

    name: str
    source: Path
    test_files: list = field(repr=False)
    case_result: Any = field(default=None, repr=False)  # otter's TestCaseResult class

    @property
    def questions(self) -> list[str]:
        return [tf.name for tf in self.test_files]

    @property
    def points(self) -> dict[str, float]:
        return {tf.name: float(tf.possible) for tf in self.test_files}

    @property
    def max_score(self) -> float:
        return sum(self.points.values())

    def score(self, index: int, passed: Sequence[bool]) -> tuple[float, float]:
        """(score, possible) of test file `index` when its cases passed as `passed`, by otter's
        own arithmetic (points per case, all-or-nothing files)."""
        tf = self.test_files[index]
        tf.test_case_results = [self.case_result(test_case=tc, message="", passed=ok)
                                for tc, ok in zip(tf.test_cases, passed)]
        try:
            return float(tf.score), float(tf.possible)
        finally:
            tf.test_case_results = []


def resolve_assignment(spec: str) -> tuple[Assignment, dict[str, float]]:
    """ASSIGNMENT as given, and the limits sized for it when it was built ({} for a zip
    built elsewhere). A path ending in .zip, or any existing file, is an autograder zip;
    anything else is the name of a built exercise set."""
    path = Path(spec)
    if path.suffix == ".zip" or path.is_file():
        if not path.is_file():
            raise UserError(f"{spec}: no such autograder zip")
        zip_path = path
    else:
        from dlbook_tools.exercises.sets import select

        ex = select([spec])[0]
        ex.require_built()
        zip_path = ex.autograder_zip
    return load_zip(zip_path), sized_limits(zip_path)


def sized_limits(zip_path: Path) -> dict[str, float]:
    """What the build measured for this autograder (limits.json beside it), or {}."""
    from dlbook_tools.exercises.sets import LIMITS_FILE

    try:
        sized = json.loads((zip_path.parent / LIMITS_FILE).read_text())
        return {str(k): float(v) for k, v in sized.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def load_zip(zip_path: Path) -> Assignment:
    """The assignment in an otter autograder zip: its name and its exception-based tests."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as err:
        raise UserError(f"{zip_path} is not an otter autograder zip ({err})") from None
    with zf:
        names = zf.namelist()
        config: Any = {}
        if "otter_config.json" in names:
            try:
                config = json.loads(zf.read("otter_config.json"))
            except ValueError:
                raise UserError(f"{zip_path}: otter_config.json is not valid JSON") from None
            if not isinstance(config, dict):
                raise UserError(f"{zip_path}: otter_config.json is not a JSON object")
        tests = sorted(n for n in names if re.fullmatch(r"tests/[\w.-]+\.py", n)
                       and not n.startswith("tests/__"))
        if not tests:
            raise UserError(f"{zip_path} has no tests/*.py: is it an otter autograder zip?")
        test_files = []
        with otter_test_files() as otter:
            for name in tests:
                source = zf.read(name).decode("utf-8")
                if re.search(r"^OK_FORMAT\s*=\s*True", source, re.M):
                    raise UserError(f"{zip_path}: {name} is an OK-format (doctest) test; dlbook grade "
                                    "needs otter's exception-based tests")
                with quiet():
                    # A path that exists nowhere: no traceback or linecache can ever print this source.
                    test_files.append(otter.ExceptionTestFile.from_string(source, path=f"<autograder>/{name}"))
    name = str(config.get("assignment_name") or zip_path.name.removesuffix("-autograder.zip"))
    test_files.sort(key=lambda tf: natural_key(tf.name))
    return Assignment(name, zip_path, test_files, otter.TestCaseResult)
