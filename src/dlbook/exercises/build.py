"""`dlbook exercises build`: run otter assign on every set, skipping up-to-date ones."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dlbook.exercises.sets import SET_MARKER, ExerciseSet, UserError

STAMP = ".source-hash"


def source_hash(ex: ExerciseSet) -> str:
    """What the build depends on: the master's text and the otter version that assigns it."""
    import otter

    return hashlib.sha256(ex.master.read_bytes() + otter.__version__.encode()).hexdigest()


def is_current(ex: ExerciseSet) -> bool:
    stamp = ex.build / STAMP
    return ex.autograder_zip.is_file() and stamp.is_file() and stamp.read_text() == source_hash(ex)


def build_set(ex: ExerciseSet, force: bool = False, log=print) -> bool:
    """Build one set into ex.build. Returns False when it was already up to date."""
    import jupytext

    if not force and is_current(ex):
        log(f"{ex.name}: up to date")
        return False
    start = time.perf_counter()
    # A private staging folder: two builds at once must not clobber each other, and a
    # failed build leaves the previous one in place.
    ex.build.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{ex.name}-", dir=ex.build.parent))
    # otter assign reads an .ipynb master with a kernelspec; the master is kept as text.
    master_nb = staging / "master" / f"{ex.name}.ipynb"
    master_nb.parent.mkdir()
    nb = jupytext.read(ex.master)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.pop("jupytext", None)
    jupytext.write(nb, master_nb)
    log(f"{ex.name}: otter assign (runs the public and hidden tests on the solution) ...")
    proc = subprocess.run(
        [sys.executable, "-m", "otter", "assign", str(master_nb), str(staging / "dist")],
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(f"otter assign failed for {ex.name}:\n{proc.stdout}\n{proc.stderr}".rstrip())
    dist = staging / "dist"
    zips = list((dist / "autograder").glob("*-autograder_*.zip"))
    if len(zips) != 1:
        raise UserError(f"otter assign made {len(zips)} autograder zips for {ex.name}, expected 1")
    # otter stamps the zip name with the time; a stable name lets docs and tests point at it.
    zips[0].rename(dist / "autograder" / f"{ex.name}-autograder.zip")
    (dist / "student" / "tests" / SET_MARKER).write_text(ex.name + "\n")
    shutil.rmtree(ex.build, ignore_errors=True)
    dist.rename(ex.build)
    shutil.rmtree(staging)
    (ex.build / STAMP).write_text(source_hash(ex))
    log(f"{ex.name}: built in {time.perf_counter() - start:.1f} s -> {ex.build}")
    return True


def build(sets: list[ExerciseSet], force: bool = False, log=print) -> None:
    for ex in sets:
        if not ex.master.is_file():
            raise UserError(f"{ex.master} is missing")
        build_set(ex, force=force, log=log)
