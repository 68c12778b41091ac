"""What several test modules share: paths, the CLI runner, the exercise sets, mutants."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "test-artifacts"
# Headless Chromium from the system (never a downloaded browser), started as the README says.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def _grading_fixture():
    from dlbook_tools.exercises.sets import ExerciseSet

    name = "grading-fixture"
    return ExerciseSet(name, ROOT / "tests" / "tools" / "grading" / "fixture" / name,
                       ROOT / "build" / "test-fixtures" / name)


# The hostile-submission tests pin exact scores, so they grade a frozen copy of an early
# chapter 2 set (its master and mutants), not a set of the book that authors keep improving.
GRADING_FIXTURE = _grading_fixture()


def exercise_sets():
    from dlbook_tools.exercises.sets import discover

    return list(discover().values())


def insert_mistake(nb, mutant: Path) -> None:
    """Put a mutant's wrong answer into a notebook just before its question's check cell,
    where a reader's own mistake would be (otter records each grader.check as it runs)."""
    import nbformat

    q = mutant.name.split("_")[0]
    at = next(i for i, c in enumerate(nb.cells)
              if c.cell_type == "code" and f'grader.check("{q}")' in c.source)
    nb.cells.insert(at, nbformat.v4.new_code_cell(mutant.read_text()))


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the installed `dlbook` console script, as a user would."""
    return subprocess.run([str(BIN / "dlbook"), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)


def deviation_report(worst: dict[str, float], title: str):
    """A module fixture for tests against torch: torch on one thread (tiny tensors run
    fastest so), and at the end the largest deviation each comparison saw, printed under
    `title` (`pytest -s` shows it; the closing notes quote these figures)."""

    @pytest.fixture(scope="module", autouse=True)
    def one_thread_and_report():
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        yield
        torch.set_num_threads(threads)
        print(f"\n{title}:")
        width = max((len(name) for name in worst), default=0) + 2
        for name, largest in sorted(worst.items()):
            print(f"  {name:<{width}}{largest:.1e}")

    return one_thread_and_report
