"""Grade the same N submissions with `dlbook grade` and with serial `otter run`, side by side.

    python benchmarks/grade_vs_otter.py [N] [--set ch02-perceptron] [-j JOBS]

The submissions are a small class built from the set itself: the solution, the blank
template, and the template answered with the solution plus one mutant (a realistic
mistake), in turn. Both tools grade every one with the same autograder zip; the scores
must agree. Printed: wall time, throughput, the ratio, per-submission time and overhead
(over running the notebook's code and the tests bare, in one process), and peak memory
(the summed RSS of each tool's whole process tree, sampled every 20 ms).

This is a benchmark, not a test: it takes about N x 10 s for otter.
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
            time.sleep(0.02)

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=8, help="submissions (default: 8)")
    ap.add_argument("--set", default="ch02-perceptron")
    ap.add_argument("-j", "--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = ap.parse_args()

    from dlbook_tools.exercises.sets import select

    ex = select([args.set])[0]
    ex.require_built()
    work = Path(tempfile.mkdtemp(prefix="grade-bench-"))
    try:
        paths = build_class(ex, work / "subs", args.n)
        bare = bare_seconds(ex, paths)

        d_sec, d_peak, d = run_measured([str(BIN / "dlbook"), "grade", ex.name, "subs", "--out", "out",
                                         "-j", str(args.jobs)], work)
        if d.returncode != 0:
            print(d.stdout, d.stderr, file=sys.stderr)
            return 1
        with open(work / "out" / "grades.csv", newline="") as f:
            mine = {Path(r["submission"]).parent.name: float(r["score"]) for r in csv.DictReader(f)}

        o_sec, o_peak, theirs = 0.0, 0, {}
        for p in paths:
            out = work / "otter" / p.parent.name
            out.mkdir(parents=True)
            sec, peak, o = run_measured([str(BIN / "otter"), "run", "-a", str(ex.autograder_zip), "-o", str(out),
                                         "--no-logo", str(p)], p.parent)
            if o.returncode != 0:
                print(o.stdout[-2000:], o.stderr[-2000:], file=sys.stderr)
                return 1
            o_sec += sec
            o_peak = max(o_peak, peak)
            tests = json.loads((out / "results.json").read_text())["tests"]
            theirs[p.parent.name] = sum(t["score"] for t in tests if "score" in t)

        n = len(paths)
        agree = sum(mine[k] == theirs[k] for k in theirs)
        print(f"{n} submissions of {ex.name} on {os.cpu_count()} cores; dlbook grade -j {args.jobs}")
        print(f"{'':<24}{'dlbook grade':>14}{'otter run':>14}")
        print(f"{'wall time (s)':<24}{d_sec:>14.2f}{o_sec:>14.2f}")
        print(f"{'throughput (per min)':<24}{60 * n / d_sec:>14.1f}{60 * n / o_sec:>14.1f}")
        print(f"{'per submission (s)':<24}{d_sec / n:>14.3f}{o_sec / n:>14.3f}")
        print(f"{'  overhead over bare (s)':<24}{d_sec / n - bare:>14.3f}{o_sec / n - bare:>14.3f}"
              f"   (bare: notebook + tests in one process, {bare * 1000:.0f} ms)")
        print(f"{'peak memory (MiB)':<24}{d_peak / 2**20:>14.0f}{o_peak / 2**20:>14.0f}")
        print(f"ratio: dlbook grade is {o_sec / d_sec:.1f}x the throughput of serial otter run")
        print(f"scores agree on {agree}/{n} submissions")
        return 0 if agree == n else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
