"""Grade a class with `dlbook grade`, and a sample of it with serial `otter run`, side by side.

    python benchmarks/grade_vs_otter.py [SET ...] [-n 100] [--otter-sample 10] [-j JOBS] [--json F]

The submissions are a small class built from the set itself: the solution, the blank
template, and the template answered with the solution plus one mutant (a realistic
mistake), in turn. `dlbook grade` grades all N; serial `otter run` grades K of them, evenly
spread (it takes about 7 s each), with the same autograder zip; their scores must agree.
Printed per set: seconds per submission of each, the ratio, the time to run the notebook's
code and the tests bare in one process, and peak memory (the summed RSS of each tool's whole
process tree, sampled every 200 ms).

This is a benchmark, not a test: it takes about K x 7 s per set for otter.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


class PeakRSS:
    """Peak of the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peak = 0
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while self.running:
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            total = 0
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.2)  # often enough for a run of seconds; more often would slow the run it measures

    def stop(self) -> int:
        self.running = False
        self.thread.join()
        return self.peak


def run_measured(cmd: list[str], cwd: Path) -> tuple[float, int, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = PeakRSS(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    return seconds, peak.stop(), subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def build_class(ex, folder: Path, n: int) -> list[Path]:
    sys.path.insert(0, str(ROOT / "tests"))
    from support import insert_mistake

    solution = nbformat.read(ex.solution_notebook, as_version=4)
    mutants = [m for _, _, m in ex.mutants()]
    paths = []
    for i in range(n):
        if i % 4 == 0:
            nb = solution
        elif i % 4 == 1:
            nb = nbformat.read(ex.student_notebook, as_version=4)
        else:
            nb = nbformat.read(ex.student_notebook, as_version=4)
            for mine, ref in zip(nb.cells, solution.cells):
                mine.source = ref.source
            insert_mistake(nb, mutants[i % len(mutants)])
        path = folder / f"student{i:03d}" / f"{ex.name}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def bare_seconds(ex, paths: list[Path]) -> float:
    """Mean time to run a notebook's code and all its tests in one process, no isolation."""
    from dlbook_tools.exercises.proof import code_cells, run_code, score

    start = time.perf_counter()
    for p in paths:
        score(run_code(code_cells(p)), ex.all_tests)
    return (time.perf_counter() - start) / len(paths)


def bench(ex, work: Path, n: int, sample: int, jobs: int) -> dict:
    """One set: `dlbook grade` on all n submissions, serial `otter run` on every (n // sample)-th."""
    paths = build_class(ex, work / "subs", n)
    bare = bare_seconds(ex, paths)
    d_sec, d_peak, d = run_measured([str(BIN / "dlbook"), "grade", ex.name, "subs", "--out", "out",
                                     "-j", str(jobs)], work)
    if d.returncode != 0:
        raise SystemExit(d.stdout + d.stderr)
    with open(work / "out" / "grades.csv", newline="") as f:
        mine = {Path(r["submission"]).parent.name: float(r["score"]) for r in csv.DictReader(f)}
    o_sec, o_peak, theirs = 0.0, 0, {}
    for p in paths[:: max(1, n // sample)][:sample]:
        out = work / "otter" / p.parent.name
        out.mkdir(parents=True)
        sec, peak, o = run_measured([str(BIN / "otter"), "run", "-a", str(ex.autograder_zip), "-o", str(out),
                                     "--no-logo", str(p)], p.parent)
        if o.returncode != 0:
            raise SystemExit(o.stdout[-2000:] + o.stderr[-2000:])
        o_sec += sec
        o_peak = max(o_peak, peak)
        tests = json.loads((out / "results.json").read_text())["tests"]
        theirs[p.parent.name] = sum(t["score"] for t in tests if "score" in t)
    k = len(theirs)
    return {"set": ex.name, "submissions": n, "jobs": jobs, "dlbook_seconds": round(d_sec, 2),
            "dlbook_per_submission": round(d_sec / n, 3), "otter_sample": k,
            "otter_per_submission": round(o_sec / k, 3), "otter_seconds_for_all_estimated": round(o_sec / k * n, 1),
            "ratio": round((o_sec / k) / (d_sec / n), 1), "bare_per_submission": round(bare, 3),
            "dlbook_peak_mib": round(d_peak / 2**20), "otter_peak_mib": round(o_peak / 2**20),
            "scores_agree": sum(mine[key] == theirs[key] for key in theirs)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", default=["ch02-perceptron", "ch05-gradient-descent"])
    ap.add_argument("-n", type=int, default=100, help="submissions per set (default: 100)")
    ap.add_argument("--otter-sample", type=int, default=10, metavar="K",
                    help="submissions graded by serial otter run, evenly spread (default: 10)")
    ap.add_argument("-j", "--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    from dlbook_tools.exercises.sets import select

    rows = []
    for ex in select(args.sets):
        ex.require_built()
        work = Path(tempfile.mkdtemp(prefix="grade-bench-"))
        try:
            rows.append(bench(ex, work, args.n, args.otter_sample, args.jobs))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        r = rows[-1]
        print(f"{r['set']}: {r['submissions']} submissions, dlbook grade -j {r['jobs']} on {os.cpu_count()} cores")
        print(f"  dlbook grade   {r['dlbook_seconds']:8.1f} s in all, {r['dlbook_per_submission']:.3f} s per submission"
              f" (bare: notebook + tests in one process, {r['bare_per_submission']:.3f} s)")
        print(f"  otter run      {r['otter_per_submission']:8.3f} s per submission, serial, on {r['otter_sample']}"
              f" of them (so about {r['otter_seconds_for_all_estimated']:.0f} s for all)")
        print(f"  ratio          {r['ratio']:8.1f}x   peak memory {r['dlbook_peak_mib']} MiB vs "
              f"{r['otter_peak_mib']} MiB   scores agree on {r['scores_agree']}/{r['otter_sample']}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0 if all(r["scores_agree"] == r["otter_sample"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
