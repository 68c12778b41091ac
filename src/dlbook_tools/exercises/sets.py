"""Where exercise sets live, in source and once built.

An exercise set is a folder ``exercises/<set>/`` holding ``<set>.py``, an otter-assign
master notebook kept as jupytext percent text, ``mutants/`` with plausible wrong
answers (``q<N>_<mistake>.py``) and ``right/`` with correct answers written other ways
(``q<N>_<how>.py``). ``dlbook exercises build`` turns it into otter's own
layout under ``build/exercises/<set>/``::

    student/<set>.ipynb           the notebook readers fill in
    student/tests/q*.py           public tests (grader.check in the notebook)
    autograder/<set>.ipynb        the solution notebook
    autograder/tests/q*.py        public and hidden tests
    autograder/<set>-autograder.zip   the Gradescope / `otter run` zip
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import dlbook
from dlbook_tools.errors import UserError

SET_MARKER = ".set"  # a file in student/tests naming the set those tests belong to
LIMITS_FILE = "limits.json"  # beside the autograder zip: `dlbook grade`'s default limits (grading.assignment)
MUTANT_NAME = re.compile(r"^(q\d+[a-z]?)_(\w+)\.py$")


@dataclass(frozen=True)
class ExerciseSet:
    """One exercise set: its source folder and its build folder."""

    name: str
    source: Path
    build: Path

    @property
    def master(self) -> Path:
        return self.source / f"{self.name}.py"

    @property
    def student_notebook(self) -> Path:
        return self.build / "student" / f"{self.name}.ipynb"

    @property
    def public_tests(self) -> Path:
        return self.build / "student" / "tests"

    @property
    def solution_notebook(self) -> Path:
        return self.build / "autograder" / f"{self.name}.ipynb"

    @property
    def all_tests(self) -> Path:
        return self.build / "autograder" / "tests"

    @property
    def autograder_zip(self) -> Path:
        return self.build / "autograder" / f"{self.name}-autograder.zip"

    @property
    def limits_file(self) -> Path:
        """Grading limits sized for this set at build time (see build.measure_limits)."""
        return self.build / "autograder" / LIMITS_FILE

    def mutants(self) -> list[tuple[str, str, Path]]:
        """(question, mistake, path) for every file in mutants/, sorted: wrong answers."""
        return self._answers("mutants", "mistake")

    def right_answers(self) -> list[tuple[str, str, Path]]:
        """(question, how, path) for every file in right/, sorted: correct answers written
        another way than the solution, which must earn full marks."""
        return self._answers("right", "how")

    def _answers(self, folder: str, what: str) -> list[tuple[str, str, Path]]:
        found = []
        for path in sorted((self.source / folder).glob("*.py")):
            match = MUTANT_NAME.match(path.name)
            if not match:
                raise UserError(f"{path}: files in {folder}/ must be named q<N>_<{what}>.py")
            found.append((match.group(1), match.group(2), path))
        return found

    def require_built(self) -> None:
        if not self.autograder_zip.is_file():
            raise UserError(f"exercise set {self.name!r} is not built: run `dlbook exercises build {self.name}`")


def project_root() -> Path:
    """The checkout dlbook was installed from (editable installs), else the working directory."""
    here = Path(dlbook.__file__).resolve().parents[2]
    return here if (here / "exercises").is_dir() else Path.cwd()


def discover(source: Path | None = None, build: Path | None = None) -> dict[str, ExerciseSet]:
    """Every set under `source` (default: <project>/exercises), keyed by name."""
    root = project_root()
    source = source or root / "exercises"
    build = build or root / "build" / "exercises"
    if not source.is_dir():
        raise UserError(f"no exercise sources at {source}: run from the dlbook checkout or pass --source")
    return {
        p.name: ExerciseSet(p.name, p, build / p.name)
        for p in sorted(source.iterdir())
        if (p / f"{p.name}.py").is_file()
    }


def select(names: list[str], source: Path | None = None, build: Path | None = None) -> list[ExerciseSet]:
    """The named sets (all of them when `names` is empty); unknown names are a UserError."""
    sets = discover(source, build)
    unknown = [n for n in names if n not in sets]
    if unknown:
        raise UserError(f"unknown exercise set {', '.join(unknown)}; known sets: {', '.join(sets) or 'none'}")
    return [sets[n] for n in names] if names else list(sets.values())
