"""Every limit grading puts on a submission, and every number derived from one, in one place.

An instructor sets two limits (``--timeout``, ``--memory``); the build sizes both for
each exercise set (:func:`size_for_solution`); :meth:`Limits.choose` fills whichever the
instructor left unset, so defaults are decided here and nowhere else. Everything else the
grader waits for or counts (a call's share of the time, the CPU rlimit, how long a worker
may take to start, the pool's backstop, restarts) is derived here from those two.

Limits of the protocol itself (message size, nesting depth, text lengths) belong to
:mod:`~dlbook_tools.grading.wire`; limits of the files a class hands in (notebook size,
zip members) to :mod:`~dlbook_tools.notebooks` and :mod:`~dlbook_tools.grading.submissions`.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from dlbook_tools.errors import UserError

DEFAULT_TIMEOUT = 60.0   # s: a zip built elsewhere, not sized for this machine
DEFAULT_MEMORY_MB = 2048
MIN_MEMORY_MB = 64       # below this not even the worker's Python and numpy start

# -- sizing at build time: the reference solution's own run, with room to spare ----------------
TIMEOUT_FACTOR = 10      # a submission may be 10x slower than the reference solution ...
MIN_TIMEOUT = 30.0       # ... but gets at least 30 s for one execution of its notebook and
                         # tests, on a laptop busy with other submissions
MEMORY_FACTOR = 2        # twice the solution's peak address space, in steps of 256 MB ...
MEMORY_STEP_MB = 256     # ... and at least the default: numpy and torch reserve far more
                         # address space than they touch

# -- waiting on a worker ------------------------------------------------------------------------
MIN_CALL_TIMEOUT = 2.0   # s: a call never gets less, however short the timeout
CALL_SHARE = 4           # one call may use a quarter of the submission's time
STARTUP = 60.0           # s: a worker starting (Python, numpy) before it counts as crashed
PROBE_STARTUP = 30.0     # s: the same, for the one probe that decides the isolation
CPU_MARGIN = 5           # CPU s over the timeout: the wall clock stops a worker first
CASE_GRACE = 5.0         # s a trusted test may run past the deadline before it is stopped
EXIT_GRACE = 2.0         # s to wait for the exit status of a worker that closed its pipe
REAP_WAIT = 10.0         # s to wait for a killed worker to be reaped
UID_KILL_WAIT = 3.0      # s to keep killing a uid's processes until none is left
SLOT_STOP_WAIT = 5.0     # s for a grader process to exit when asked, before it is killed
MAX_RESTARTS = 4         # workers restarted for one submission after one hung or crashed
BROKEN_CALLS = 2         # calls of one function that hung or crashed before its later calls fail at once
PHASES = 2               # time limits per submission: one for the public tests, one for the hidden
# The pool's backstop: a grader process that has not answered by PHASES x timeout + this is
# killed. Its session stops each phase at the timeout, but may then still wait CASE_GRACE for
# a test and REAP_WAIT + UID_KILL_WAIT for each of up to MAX_RESTARTS + 1 workers to die.
BACKSTOP_MARGIN = CASE_GRACE + (MAX_RESTARTS + 1) * (REAP_WAIT + UID_KILL_WAIT) + 20.0  # 90 s


@dataclass(frozen=True)
class Limits:
    """Per-submission limits. `timeout` bounds one execution of the notebook and the public
    tests run on it, and then the hidden tests again (each phase gets the whole timeout); one
    call gets at most :attr:`call_timeout`."""

    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    file_mb: int = 64
    scratch_mb: int = 128
    open_files: int = 256
    processes: int = 64

    def __post_init__(self) -> None:
        if not (self.timeout > 0 and math.isfinite(self.timeout)):
            raise UserError(f"the timeout must be a positive number of seconds, got {self.timeout:g}")
        if self.memory_mb < MIN_MEMORY_MB:
            raise UserError(f"the memory limit must be at least {MIN_MEMORY_MB} MB, got {self.memory_mb}")

    @classmethod
    def choose(cls, timeout: float | None = None, memory_mb: int | None = None,
               sized: Mapping[str, float] | None = None) -> Limits:
        """The limits for a run: what the instructor set, else what the build sized for the
        set (`sized`, from its limits.json), else the defaults. None means unset."""
        sized = sized or {}
        return cls(timeout=float(timeout if timeout is not None else sized.get("timeout", DEFAULT_TIMEOUT)),
                   memory_mb=int(memory_mb if memory_mb is not None else sized.get("memory", DEFAULT_MEMORY_MB)))

    # -- derived ----------------------------------------------------------------------------
    @property
    def call_timeout(self) -> float:
        """Seconds one call of a student function may take."""
        return max(MIN_CALL_TIMEOUT, self.timeout / CALL_SHARE)

    @property
    def cpu_seconds(self) -> int:
        """RLIMIT_CPU of a worker: the wall-clock timeout stops it first; this stops a worker
        whose grader is stuck."""
        return int(self.timeout) + CPU_MARGIN

    @property
    def backstop(self) -> float:
        """Seconds after which the pool kills a grader process that has not answered."""
        return PHASES * self.timeout + BACKSTOP_MARGIN

    @property
    def tmp_mb(self) -> int:
        """Size of the worker's private /tmp (half its scratch folder's)."""
        return self.scratch_mb // 2

    def rlimits(self, own_uid: bool) -> list[tuple[int, int]]:
        """(resource, value) for each rlimit of a worker. RLIMIT_NPROC counts every process
        (and thread) of the real uid: a uid of the worker's own gets `processes`; a shared
        uid (not root) gets what it already runs plus `processes`."""
        import resource

        mb = 2**20
        limits = [(resource.RLIMIT_AS, self.memory_mb * mb), (resource.RLIMIT_CPU, self.cpu_seconds),
                  (resource.RLIMIT_FSIZE, self.file_mb * mb), (resource.RLIMIT_CORE, 0),
                  (resource.RLIMIT_NOFILE, self.open_files)]
        if own_uid:
            limits.append((resource.RLIMIT_NPROC, self.processes))
        elif sys.platform.startswith("linux"):
            from dlbook_tools.grading.processes import tasks_of

            limits.append((resource.RLIMIT_NPROC, tasks_of(os.getuid()) + self.processes))
        return limits


def size_for_solution(solution_seconds: float, peak_mb: float) -> dict[str, float]:
    """Default limits for a set, from one run of its reference solution and tests (written to
    the set's limits.json at build time, read back by :meth:`Limits.choose`)."""
    return {
        "solution_seconds": round(solution_seconds, 2),
        "timeout": float(max(MIN_TIMEOUT, math.ceil(TIMEOUT_FACTOR * solution_seconds))),
        "memory": float(max(DEFAULT_MEMORY_MB,
                            MEMORY_STEP_MB * math.ceil(MEMORY_FACTOR * peak_mb / MEMORY_STEP_MB))),
    }
