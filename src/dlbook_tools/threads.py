"""The cores this process may use, and how many threads a child process's native libraries may start.

numpy's BLAS and torch's OpenMP start one thread per core. Processes that run side by side
(labs in a book build, grader processes, sandboxed workers) would then run more threads than
there are cores, and a parallel operation waits for threads the scheduler has not run yet:
a 128x128 matmul can take ten times as long. These variables, read when the library loads,
cap that.
"""

from __future__ import annotations

import os

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS")


def thread_limits(threads: int) -> dict[str, str]:
    """The environment variables that cap native threads at `threads` (at least 1)."""
    return {var: str(max(1, threads)) for var in THREAD_VARS}


def cpu_cores() -> int:
    """The CPU cores this process may use (taskset and container CPU sets respected)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)
