"""Lab execution: every lab run top to bottom at build time, cached, in parallel, timed.

A lab is ``docs/labs/<stem>.py``, a jupytext percent notebook. Executing it writes
``<out>/<stem>.ipynb`` with real outputs; the site renders that notebook and figures.py
exports what it drew.

Cache. An executed notebook is reused while its key is unchanged: the sha256 of the lab's
text and of one digest of every file of the reference package (``src/dlbook``, found
through ``import dlbook``). Labs import that package, so any change there may change any
lab's output and re-executes them all; the tooling (this package, the grader) is not part
of the key, so editing it re-executes nothing.

Failure. Cells run with ``allow_errors=False``: a failing cell is a UserError naming the
lab file, the cell and its error. Every other lab still runs to the end and is cached, so
the next build re-executes only what failed.

Parallelism. Each lab runs in a kernel of its own, a separate process, and up to ``jobs``
kernels run at once (default: the CPU cores this process may use; ``DLBOOK_BOOK_JOBS``
overrides), so labs execute in parallel across the cores; each kernel's numpy and torch get
cores / jobs threads (:mod:`dlbook_tools.threads`), so labs side by side do not oversubscribe
the cores and a lab's timings measure its code, not the wait for threads. One asyncio loop in this process
drives them all (nbclient is asynchronous): the kernels do the work and the loop only relays
their messages, so a pool of Python workers would add nothing but their start-up, and
spawned workers re-import the caller's main module, which re-runs a build started from an
unguarded script. Each lab's seconds are measured, printed and written to
``<out>/timings.json``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlbook_tools.book.execute import execute_lab
from dlbook_tools.book.files import write_atomic
from dlbook_tools.errors import UserError
from dlbook_tools.threads import cpu_cores

JOBS_ENV = "DLBOOK_BOOK_JOBS"
TIMINGS = "timings.json"

Log = Callable[[str], None]


def say(message: str) -> None:
    """The default log: a line on stdout, flushed so progress shows while labs run."""
    print(message, flush=True)


@dataclass(frozen=True)
class LabRun:
    """One lab in one build: its executed notebook and what executing it costs."""

    stem: str
    notebook: Path
    seconds: float  # measured when it was last executed (this build or an earlier one)
    executed: bool  # False when the cached notebook was reused


def reference_package() -> Path:
    """The folder of the reference package the labs import: what their outputs depend on."""
    import dlbook

    return Path(dlbook.__file__).resolve().parent


def package_digest(package: Path) -> str:
    """One sha256 over every file under `package`: its paths and contents, byte for byte."""
    h = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        for part in (path.relative_to(package).as_posix().encode(), path.read_bytes()):
            h.update(len(part).to_bytes(8, "little"))  # lengths keep ("ab","c") apart from ("a","bc")
            h.update(part)
    return h.hexdigest()


def lab_key(source: Path, pkg_digest: str) -> str:
    """The cache key of one lab: its text and the reference package's digest."""
    return hashlib.sha256(source.read_bytes() + b"\0" + pkg_digest.encode()).hexdigest()


def find_labs(labs_dir: Path) -> list[Path]:
    """Every lab, in name order (the order of the book)."""
    return sorted(labs_dir.glob("*.py"))


def default_jobs() -> int:
    """Workers: ``DLBOOK_BOOK_JOBS`` if set, else the CPU cores this process may use."""
    if os.environ.get(JOBS_ENV):
        try:
            return max(1, int(os.environ[JOBS_ENV]))
        except ValueError:
            raise UserError(f"{JOBS_ENV} must be a whole number of workers, not {os.environ[JOBS_ENV]!r}") from None
    return cpu_cores()


def _report(run: LabRun, log: Log) -> None:
    if run.executed:
        log(f"lab {run.stem:<32} {run.seconds:7.1f} s")
    else:
        log(f"lab {run.stem:<32}  cached (executing it took {run.seconds:.1f} s)")


def run_labs(sources: list[Path], out_dir: Path, package: Path, jobs: int | None = None,
             log: Log = say) -> list[LabRun]:
    """Execute the labs whose key changed, `jobs` at a time; reuse the others.

    Returns one LabRun per source, in the order given. Prints a line per lab as it
    finishes, then a total. Raises UserError listing every lab that failed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    digest = package_digest(package)
    start = time.perf_counter()
    runs: dict[str, LabRun] = {}
    todo: dict[str, tuple[Path, str]] = {}  # stem -> (source, key)
    for source in sources:
        key, record = lab_key(source, digest), _record(out_dir, source.stem)
        target = out_dir / f"{source.stem}.ipynb"
        if target.is_file() and record.get("key") == key:
            runs[source.stem] = LabRun(source.stem, target, float(record.get("seconds", 0.0)), executed=False)
            _report(runs[source.stem], log)
        else:
            # Forget the old key first: a build stopped mid-way must not pair it with a new notebook.
            (out_dir / f"{source.stem}.cache.json").unlink(missing_ok=True)
            todo[source.stem] = (source, key)

    workers = min(jobs or default_jobs(), len(todo))
    failures: list[str] = []

    def done(stem: str, outcome: float | UserError) -> None:
        if isinstance(outcome, UserError):
            failures.append(str(outcome))
            log(f"lab {stem:<32}  FAILED")
            return
        # Written after the notebook, so the key never vouches for a notebook not fully written.
        write_atomic(out_dir / f"{stem}.cache.json",
                     json.dumps({"key": todo[stem][1], "seconds": round(outcome, 2)}).encode())
        runs[stem] = LabRun(stem, out_dir / f"{stem}.ipynb", outcome, executed=True)
        _report(runs[stem], log)

    _execute_all({stem: source for stem, (source, _) in todo.items()}, out_dir, workers, done)
    wall = time.perf_counter() - start
    ordered = [runs[s.stem] for s in sources if s.stem in runs]
    _write_timings(out_dir, ordered, [s.stem for s in sources if s.stem not in runs], wall, workers)
    executed = [r for r in ordered if r.executed]
    log(f"labs: {len(executed)} executed, {len(ordered) - len(executed)} cached, {len(failures)} failed; "
        f"{wall:.1f} s wall" + (f", {workers} at once, {sum(r.seconds for r in executed):.1f} s of lab time"
                                 if workers else ""))
    if failures:
        raise UserError("\n\n".join(failures))
    return ordered


def _execute_all(todo: dict[str, Path], out_dir: Path, workers: int,
                 done: Callable[[str, float | UserError], None]) -> None:
    """Execute each lab of `todo` (stem -> source), at most `workers` at once, and call
    `done(stem, seconds or error)` as each one ends: completion order, so a long lab does not
    hold back the others' lines."""
    from jupyter_core.utils import run_sync  # runs the loop here, or beside one already running

    # Labs side by side share the cores: each kernel's numpy and torch get their share of threads.
    threads = max(1, cpu_cores() // max(workers, 1))

    async def all_labs() -> None:
        gate = asyncio.Semaphore(max(workers, 1))

        async def one(stem: str, source: Path) -> None:
            async with gate:
                try:
                    outcome: float | UserError = await execute_lab(source, out_dir / f"{stem}.ipynb",
                                                                   threads=threads)
                except UserError as err:
                    outcome = err
            done(stem, outcome)

        await asyncio.gather(*(one(stem, source) for stem, source in todo.items()))

    if todo:
        run_sync(all_labs)()


def _record(out_dir: Path, stem: str) -> dict[str, Any]:
    """The cache record of a lab's last successful execution: its key and seconds."""
    try:
        data = json.loads((out_dir / f"{stem}.cache.json").read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_timings(out_dir: Path, runs: list[LabRun], failed: list[str], wall: float, workers: int) -> None:
    """The build's record: each lab's seconds and whether this build executed it (or it failed)."""
    labs: dict[str, dict[str, Any]] = {r.stem: {"seconds": round(r.seconds, 2), "executed": r.executed} for r in runs}
    labs.update({stem: {"failed": True} for stem in failed})
    table = {"wall_s": round(wall, 2), "workers": workers, "labs": labs}
    write_atomic(out_dir / TIMINGS, (json.dumps(table, indent=2) + "\n").encode())
