"""Shared fixtures: the built exercise sets and the built site, made once per session."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "test-artifacts"


def exercise_sets():
    from dlbook.exercises.sets import discover

    return list(discover().values())


@pytest.fixture(scope="session")
def built_sets():
    """Every exercise set, built (a no-op when `make test` already built them)."""
    from dlbook.exercises.build import build_set

    sets = exercise_sets()
    for ex in sets:
        build_set(ex, log=lambda *_: None)
    return {ex.name: ex for ex in sets}


@pytest.fixture(scope="session")
def built_site(built_sets, tmp_path_factory):
    """`mkdocs build --strict` into a temporary folder, twice: a build and a no-change rebuild.

    Returns (site folder, [(seconds, log) of each build]).
    """
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    runs = []
    for _ in range(2):
        start = time.perf_counter()
        proc = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(site)],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        runs.append((time.perf_counter() - start, proc.stdout + proc.stderr))
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return site, runs


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
