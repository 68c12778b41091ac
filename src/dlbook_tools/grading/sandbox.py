"""Where student code runs: a worker process behind the platform's own walls.

On Linux with bubblewrap, each submission's worker runs under the command of
:mod:`~dlbook_tools.grading.bwrap` (a read-only system view, private /tmp and scratch,
no network, private PID namespace) and, when the grader runs as root, as an
unprivileged uid of its own (one per parallel slot) without capabilities, so
``RLIMIT_NPROC`` applies and nothing it does is done as root. Rlimits on address
space, CPU seconds, file size, open files, processes and core dumps are set before it
starts (:meth:`~dlbook_tools.grading.limits.Limits.rlimits`).

Without bubblewrap (macOS, or where it cannot start) `dlbook grade` refuses to run student
code (:func:`refusal` says why and how to get it) unless ``--unsandboxed``: the worker then
runs under the rlimits only (and, as root, as an unprivileged uid); :func:`detect` says
once what is then not isolated. Host-side folders are :mod:`~dlbook_tools.grading.scratch`'s. After each submission the worker's process group and, as root, every process
of its uid is killed (:mod:`~dlbook_tools.grading.processes`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlbook_tools.grading import bwrap, wire
from dlbook_tools.grading.limits import PROBE_STARTUP, REAP_WAIT, Limits
from dlbook_tools.grading.processes import describe_exit, die_with_parent, kill_uid, reap_children
from dlbook_tools.grading.scratch import Scratch
from dlbook_tools.threads import thread_limits


def uid_base() -> int:
    """The first of this run's uids (slot i runs as base + i): from the main process's pid,
    so two runs at once never share one, and every grader process of a run agrees on it."""
    return 1_000_000_000 + (os.getpid() % 100_000) * 100


PROBE_SLOT = 99


@dataclass(frozen=True)
class Isolation:
    """How workers are isolated on this machine, and what is not."""

    bwrap: bool
    drop_root: bool
    not_isolated: tuple[str, ...] = ()
    reason: str = ""
    tmpfs_size: bool = True  # bubblewrap >= 0.7 can cap the size of the scratch and /tmp
    tmp_root: str | None = None  # the run's folder for workers' host-side folders (see scratch)
    uid_base: int = field(default_factory=uid_base)  # set in the main process, carried to the slots

    def describe(self) -> str:
        if self.bwrap:
            text = ("isolation: bubblewrap (read-only system view, private /tmp and scratch, "
                    "no network, private PID namespace)")
        else:
            text = "isolation: rlimits only" + (f" ({self.reason})" if self.reason else "")
        if self.drop_root:
            text += "; student code runs as an unprivileged uid without capabilities"
        text += "; rlimits on memory, CPU, file size, open files" + (
            "" if "process count" in self.not_isolated else ", processes")
        if self.not_isolated:
            text += ".\nNOT isolated here: " + "; ".join(self.not_isolated)
        return text


def slot_uid(slot: int, isolation: Isolation) -> int | None:
    """The uid the workers of parallel slot `slot` run as (None: the grader's own)."""
    return isolation.uid_base + slot if isolation.drop_root else None


@dataclass
class Sandbox:
    """One worker process for one submission (a fresh one after a crash)."""

    isolation: Isolation
    limits: Limits
    uid: int | None
    notebook: bytes
    notebook_name: str
    proc: subprocess.Popen | None = None
    reader: wire.Reader | None = None
    wfd: int | None = None
    home: Path | None = None
    stderr_path: Path | None = None
    tmp: Path | None = field(default=None, repr=False)  # host-side folder of this worker, 0700
    scratch: Scratch | None = field(default=None, repr=False)

    # -- start ----------------------------------------------------------------------------
    def start(self, deadline: float) -> dict:
        """Start the worker and wait for its hello (it has dropped root by then)."""
        # 0700: ours alone; 0711 where the worker's own uid must reach its scratch folder inside
        mode = 0o711 if not self.isolation.bwrap and self.uid is not None else 0o700
        self.scratch = Scratch("w-", self.isolation.tmp_root, mode)
        self.tmp = self.scratch.path
        self.stderr_path = self.tmp / "stderr"
        to_worker_r, to_worker_w = os.pipe()
        from_worker_r, from_worker_w = os.pipe()
        worker_args = ["-I", "-m", "dlbook_tools.grading.worker",
                       "--rfd", str(to_worker_r), "--wfd", str(from_worker_w)]
        cwd: str | None = None
        if self.isolation.bwrap:
            nb_copy = self.tmp / "notebook.ipynb"
            nb_copy.write_bytes(self.notebook)
            os.chmod(nb_copy, 0o644)
            if self.uid is not None:
                worker_args += ["--uid", str(self.uid), "--gid", str(self.uid)]
            cmd = bwrap.command(nb_copy, self.notebook_name, self.limits.scratch_mb, self.limits.tmp_mb,
                                as_root=self.uid is not None, tmpfs_size=self.isolation.tmpfs_size)
            cmd += [sys.executable, *worker_args]
        else:
            self.home = self.tmp / "scratch"
            self.home.mkdir(mode=0o700)
            (self.home / self.notebook_name).write_bytes(self.notebook)
            if self.uid is not None:
                for p in (self.home, self.home / self.notebook_name):
                    os.chown(p, self.uid, self.uid)
            cmd = [sys.executable, *worker_args]
            cwd = str(self.home)
        with open(self.stderr_path, "wb") as stderr:
            if self.uid is not None and not self.isolation.bwrap:
                os.chown(self.stderr_path, self.uid, self.uid)
            try:
                self.proc = subprocess.Popen(
                    cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                    pass_fds=(to_worker_r, from_worker_w), cwd=cwd, env=self.environment(),
                    start_new_session=True, preexec_fn=self.preexec())
            finally:
                os.close(to_worker_r)
                os.close(from_worker_w)
        self.wfd = to_worker_w
        self.reader = wire.Reader(from_worker_r)
        hello = self.reader.recv(deadline)
        if hello.get("op") != "hello":
            raise wire.WireError("no hello from the worker")
        if self.uid is not None and (hello.get("uid") != self.uid or hello.get("euid") != self.uid):
            raise wire.WireError(f"the worker did not drop to uid {self.uid}")
        if self.uid is not None and hello.get("caps") not in (None, "0000000000000000"):
            raise wire.WireError(f"the worker kept capabilities {hello.get('caps')}")
        return hello

    def environment(self) -> dict[str, str]:
        """The worker's whole environment: nothing of the grader's is passed on."""
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "HOME": bwrap.SCRATCH if self.isolation.bwrap else str(self.home),
               "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg", "TMPDIR": "/tmp"}
        env.update(thread_limits(1))
        return env

    def preexec(self) -> Callable[[], None]:
        """What runs in the child before exec: rlimits, (as root, without bubblewrap) the
        uid, and dying with the grader."""
        import resource

        rlimits = self.limits.rlimits(own_uid=self.uid is not None)
        uid = self.uid if not self.isolation.bwrap else None
        strict = sys.platform.startswith("linux")

        def apply() -> None:
            for res, value in rlimits:
                try:
                    resource.setrlimit(res, (value, value))
                except (ValueError, OSError):
                    try:  # macOS refuses some limits, or caps their hard limit lower
                        hard = resource.getrlimit(res)[1]
                        resource.setrlimit(res, (min(value, hard), hard))
                    except (ValueError, OSError):
                        if strict:
                            raise
            if uid is not None:
                os.setgroups([])
                os.setresgid(uid, uid, uid)
                os.setresuid(uid, uid, uid)
            if strict:  # set after setresuid, which clears it
                die_with_parent()

        return apply

    # -- talk -------------------------------------------------------------------------------
    def send(self, msg: dict) -> None:
        if self.wfd is None:
            raise wire.Closed("the worker is not running")
        try:
            wire.send(self.wfd, msg)
        except OSError as err:  # BrokenPipeError among them: the worker is gone
            raise wire.Closed(str(err)) from None

    def recv(self, deadline: float) -> dict[str, Any]:
        if self.reader is None:
            raise wire.Closed("the worker is not running")
        return self.reader.recv(deadline)

    # -- stop -------------------------------------------------------------------------------
    def kill(self, grace: float = 0.0) -> str:
        """Kill the worker and everything it started; return how it had ended. `grace`:
        seconds to wait for an exit status first (the pipe closed: it is dying)."""
        ended = ""
        if self.proc is not None:
            try:
                rc = self.proc.wait(timeout=grace) if grace else self.proc.poll()
            except subprocess.TimeoutExpired:
                rc = None
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                self.proc.wait(timeout=REAP_WAIT)
            except subprocess.TimeoutExpired:
                pass
            ended = describe_exit(rc, self.isolation.bwrap)
        if self.uid is not None:
            kill_uid(self.uid)
        reap_children()
        if self.wfd is not None:
            try:
                os.close(self.wfd)
            except OSError:
                pass
        if self.reader is not None:
            try:
                os.close(self.reader.fd)
            except OSError:
                pass
            self.reader.close()
        self.wfd = self.reader = self.proc = None
        return ended

    def stderr_tail(self, n: int = 1500) -> str:
        """The last `n` bytes the worker wrote to stderr, for the instructor's log."""
        if self.stderr_path is None:
            return ""
        try:
            with open(self.stderr_path, "rb") as f:
                f.seek(max(0, os.path.getsize(self.stderr_path) - n))
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def cleanup(self) -> None:
        self.kill()
        if self.scratch is not None:
            self.scratch.remove()
            self.scratch = self.tmp = None


# -- what works here ---------------------------------------------------------------------------

def detect(limits: Limits, force: str | None = None, tmp_root: str | None = None) -> Isolation:
    """Find the strongest isolation that works here, by starting a worker under it.
    `force` (or DLBOOK_GRADE_SANDBOX) = "rlimits" skips bubblewrap. Workers' host-side
    folders go in `tmp_root` (default: the system's temporary folder)."""
    import platform

    system = platform.system()
    force = force or os.environ.get("DLBOOK_GRADE_SANDBOX")
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    missing_bwrap = ""
    if force != "rlimits":
        if not sys.platform.startswith("linux"):
            missing_bwrap = f"no bubblewrap on {system}"
        elif not bwrap.available():
            missing_bwrap = "bubblewrap (bwrap) is not installed"
        else:
            sized = bwrap.supports_size()
            iso = Isolation(bwrap=True, drop_root=root, tmpfs_size=sized, tmp_root=tmp_root, not_isolated=() if sized
                            else ("size of the scratch folder and /tmp (this bubblewrap is older than 0.7; each "
                                  "file is still capped)",))
            problem = probe(iso, limits)
            if problem is None:
                return iso
            missing_bwrap = f"bubblewrap failed to start: {problem}"
    else:
        missing_bwrap = "DLBOOK_GRADE_SANDBOX=rlimits"
    gaps = ["filesystem (student code can read and write wherever its user can, "
            "including other submissions and the project's build folder if readable)",
            "network", "other processes (no PID namespace)", "disk use (only the size of each file is capped)"]
    if root:
        iso = Isolation(bwrap=False, drop_root=True, not_isolated=tuple(gaps), reason=missing_bwrap,
                        tmp_root=tmp_root)
        if probe(iso, limits) is None:
            return iso
        gaps += ["privileges (student code runs as root: the Python installation is not "
                 "readable by an unprivileged user)", "process count (RLIMIT_NPROC does not apply to root)"]
    else:
        if not sys.platform.startswith("linux"):
            gaps.append("process count")
        if sys.platform == "darwin":
            gaps.append("memory (macOS does not enforce RLIMIT_AS)")
        gaps.append("processes that leave the process group may outlive grading")
    return Isolation(bwrap=False, drop_root=False, not_isolated=tuple(gaps), reason=missing_bwrap,
                     tmp_root=tmp_root)


INSTALL = "sudo apt-get install bubblewrap (Debian, Ubuntu) or sudo dnf install bubblewrap (Fedora)"
UNSANDBOXED = ("or pass --unsandboxed to run student code anyway, able to read and write what you can "
               "and to use the network")


def refusal(iso: Isolation) -> str:
    """Why `dlbook grade` will not run student code under `iso` (no bubblewrap), and how to get
    it: one line."""
    reason = iso.reason or "no sandbox"
    if reason.startswith("no bubblewrap on"):
        how = "grade on Linux (a Linux virtual machine or WSL will do) with bubblewrap installed"
    elif "not installed" in reason:
        how = f"install it: {INSTALL}"
    elif reason.startswith("DLBOOK_GRADE_SANDBOX"):
        how = "unset it to use bubblewrap"
    else:
        how = ("check that unprivileged user namespaces are allowed (sysctl kernel.unprivileged_userns_clone=1; "
               "on Ubuntu 24.04 and later, an AppArmor profile for bwrap), or reinstall it: " + INSTALL)
    return f"dlbook grade runs student code only in a sandbox, and there is none here: {reason}; {how}; {UNSANDBOXED}"


def probe(iso: Isolation, limits: Limits) -> str | None:
    """Start a worker under `iso` and wait for its hello; None when it works, else why not."""
    nb = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    box = Sandbox(iso, limits, slot_uid(PROBE_SLOT, iso), nb, "probe.ipynb")
    try:
        box.start(time.monotonic() + PROBE_STARTUP)
        box.send({"op": "bye"})
        return None
    except (wire.WireError, OSError, subprocess.SubprocessError) as err:
        tail = box.stderr_tail(400).strip().splitlines()
        return (tail[-1] if tail else str(err) or type(err).__name__)[:200]
    finally:
        box.cleanup()
