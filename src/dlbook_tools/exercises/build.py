"""`dlbook exercises build`: run otter assign on every set, skipping up-to-date ones."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dlbook_tools.errors import UserError
from dlbook_tools.exercises.questions import write_summary
from dlbook_tools.exercises.sets import SET_MARKER, ExerciseSet

STAMP = ".source-hash"
LAYOUT = "3: reader files, summary"  # change when what a build writes changes, so old builds are redone


def source_hash(ex: ExerciseSet) -> str:
    """What the build depends on: the master's text and the otter version that assigns it."""
    import otter

    return hashlib.sha256(ex.master.read_bytes() + otter.__version__.encode() + LAYOUT.encode()).hexdigest()


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
    write_reader_files(ex.name, dist / "student")
    shutil.rmtree(ex.build, ignore_errors=True)
    dist.rename(ex.build)
    shutil.rmtree(staging)
    limits = measure_limits(ex)
    ex.limits_file.write_text(json.dumps(limits, indent=2) + "\n")
    log(f"{ex.name}: reference solution and tests ran in {limits['solution_seconds']:.1f} s; "
        f"dlbook grade defaults: --timeout {limits['timeout']:g} --memory {limits['memory']:g}")
    write_summary(ex)  # the question list the chapter page embeds
    (ex.build / STAMP).write_text(source_hash(ex))
    log(f"{ex.name}: built in {time.perf_counter() - start:.1f} s -> {ex.build}")
    return True


READER_README = """\
# {name}: exercises of dlbook, the executable deep-learning textbook

This folder is all you need: the notebook `{name}.ipynb`, its public tests in
`tests/`, and `requirements.txt` (the versions the book is built with).

    python3 -m venv .venv
    . .venv/bin/activate            # Windows: .venv\\Scripts\\activate
    pip install -r requirements.txt{torch_note}
    pip install jupyterlab          # or open the notebook in VS Code
    jupyter lab {name}.ipynb

Fill in every `...`, run the notebook top to bottom, and check an answer with
`grader.check("q1")` in the notebook. The checks are the public tests; your
instructor's hidden tests try more inputs. Answers are written with numpy{torch_words}
only: importing the book's own package `dlbook` is not possible in self-check or
grading, and is not needed.
"""


def reader_requirements(uses_torch: bool) -> str:
    """The reader's pinned requirements: the versions this build ran with (set by the
    project's constraints.txt), and torch only for sets whose tests use it."""
    from importlib.metadata import version

    names = ["otter-grader", "numpy", "ipykernel"] + (["torch"] if uses_torch else [])
    # torch's local label (+cpu, +cu126) names an index, not a version: any build will do.
    return "".join(f"{n}=={version(n).split('+')[0]}\n" for n in names)


def write_reader_files(name: str, student: Path) -> None:
    """requirements.txt and README.md beside the student notebook, so the download alone
    is enough: most readers read a hosted copy of the site and never clone the project."""
    uses_torch = any("torch" in p.read_text() for p in (student / "tests").glob("q*.py"))
    (student / "requirements.txt").write_text(reader_requirements(uses_torch))
    (student / "README.md").write_text(READER_README.format(
        name=name,
        torch_note=("   # torch: the CPU build is enough; for a smaller download add\n"
                    "                                    # --extra-index-url https://download.pytorch.org/whl/cpu"
                    if uses_torch else ""),
        torch_words=" (and torch where a question says so)" if uses_torch else ""))


# Runs in a fresh interpreter, as a grading worker would: the solution's code, then every test.
_MEASURE = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from dlbook_tools.exercises.proof import code_cells, run_code, score
score(run_code(code_cells(Path(sys.argv[1]))), Path(sys.argv[2]))
seconds = time.perf_counter() - start
status = Path("/proc/self/status")
peak_kb = next((int(line.split()[1]) for line in status.read_text().splitlines()
                if line.startswith("VmPeak:")), 0) if status.exists() else 0
print(json.dumps({"seconds": seconds, "vm_peak_mb": peak_kb / 1024}))
"""


def measure_limits(ex: ExerciseSet) -> dict[str, float]:
    """Size `dlbook grade`'s default limits for this set from a run of its reference solution
    (the policy is :func:`dlbook_tools.grading.limits.size_for_solution`)."""
    from dlbook_tools.grading.limits import size_for_solution

    proc = subprocess.run([sys.executable, "-c", _MEASURE, str(ex.solution_notebook), str(ex.all_tests)],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise UserError(f"{ex.name}: running the reference solution failed:\n{proc.stderr[-2000:]}")
    run = json.loads(proc.stdout.strip().splitlines()[-1])
    return size_for_solution(run["seconds"], run["vm_peak_mb"])


def build(sets: list[ExerciseSet], force: bool = False, log=print) -> None:
    for ex in sets:
        if not ex.master.is_file():
            raise UserError(f"{ex.master} is missing")
        build_set(ex, force=force, log=log)
