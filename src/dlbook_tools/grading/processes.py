"""Process accounting: what a sandbox left running, and making sure nothing of it survives.

Student code may fork, leave its process group, or kill its own parent. The grader
counts and kills by uid (each parallel slot's workers run as a uid of their own, when
the grader is root), reaps what it adopted as a subreaper, and has every worker and
grader process die with its parent. Linux reads ``/proc``; elsewhere the /proc walks
find nothing and only the process group is killed (:mod:`~dlbook_tools.grading.sandbox`
says so in its isolation statement).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator

from dlbook_tools.grading.limits import UID_KILL_WAIT

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36

SIGNAL_WORDS = {signal.SIGSEGV: "crashed with a segmentation fault", signal.SIGKILL: "was killed (SIGKILL)",
                signal.SIGABRT: "aborted", signal.SIGXCPU: "ran out of CPU time",
                signal.SIGBUS: "crashed with a bus error", signal.SIGFPE: "crashed (SIGFPE)"}


def proc_statuses() -> Iterator[tuple[int, dict[str, str]]]:
    """(pid, fields of /proc/<pid>/status) for every process still there (Linux)."""
    if not os.path.isdir("/proc"):
        return
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/status") as f:
                status = f.read()
        except OSError:
            continue
        yield int(pid), dict(line.split(":", 1) for line in status.splitlines() if ":" in line)


def uid_of(fields: dict[str, str]) -> int:
    """The real uid in a /proc status, -1 when it has none."""
    return int(fields.get("Uid", "-1 ").split()[0])


def tasks_of(uid: int) -> int:
    """Threads (what RLIMIT_NPROC counts) of every process whose real uid is `uid`."""
    return sum(int(fields.get("Threads", "1").strip() or 1)
               for _, fields in proc_statuses() if uid_of(fields) == uid)


def processes_of(uid: int) -> list[int]:
    """Live (not zombie) processes whose real uid is `uid` (Linux; [] elsewhere)."""
    return [pid for pid, fields in proc_statuses()
            if uid_of(fields) == uid and not fields.get("State", "").strip().startswith("Z")]


def kill_uid(uid: int, wait: float = UID_KILL_WAIT) -> bool:
    """SIGKILL every process of `uid` until none is left; True when none is."""
    end = time.monotonic() + wait
    while True:
        pids = processes_of(uid)
        if not pids:
            return True
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        reap_children()
        if time.monotonic() > end:
            return False
        time.sleep(0.005)


def reap_children() -> None:
    """Collect exited children (the grader is their subreaper on Linux)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _prctl(option: int, value: int) -> None:
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


def die_with_parent() -> None:
    """In a child process: be SIGKILLed when the process that started us dies (Linux).
    Call it after any setuid, which clears it; exits at once when the parent is already gone."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before we asked
        os._exit(1)


def become_subreaper() -> None:
    """For a grader process: orphans of a sandbox become our children (and our zombies to
    reap), not init's; and if the main process is killed, we die too (and, with us, our
    sandboxes, which die with their parent)."""
    if sys.platform.startswith("linux"):
        try:
            _prctl(PR_SET_CHILD_SUBREAPER, 1)
            _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass


def describe_exit(rc: int | None, bwrap: bool) -> str:
    """How a worker ended, in words: 'exited with status 3', 'crashed with a segmentation fault'.
    Under bubblewrap a signal arrives as an exit status of 128 + the signal."""
    if rc is None:
        return "was stopped by the grader"
    sig = -rc if rc < 0 else (rc - 128 if bwrap and rc > 128 else 0)
    if sig:
        try:
            known = signal.Signals(sig)
        except ValueError:
            return f"was killed by signal {sig}"
        return SIGNAL_WORDS.get(known, f"was killed by {known.name}")
    return f"exited with status {rc}"
