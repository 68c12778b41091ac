"""Where student code runs: a worker process behind the platform's own walls.

On Linux with bubblewrap, each submission's worker gets

- a read-only view of the system (``/usr``, the Python installation, the virtual
  environment and the ``dlbook_tools`` package; not ``/home``, not the project, not the build
  folder holding the hidden tests, not the other submissions);
- a private, size-capped ``/tmp`` and scratch folder (tmpfs, its working directory, with
  a read-only copy of its own notebook): the only places it can write, gone afterwards;
- no network (a network namespace of its own, loopback down), a private PID namespace
  (it sees and signals only itself; everything it started dies with it), and its own
  IPC and UTS namespaces;
- when the grader runs as root: an unprivileged uid of its own (one per parallel slot)
  and no capabilities, so ``RLIMIT_NPROC`` applies and nothing it does is done as root;
- rlimits on address space, CPU seconds, file size, open files, processes and core
  dumps, set before it starts.

Without bubblewrap (macOS, or where it cannot start) the worker runs under the rlimits
only (and, as root, as an unprivileged uid); :func:`detect` says once what is then not
isolated. After each submission the worker's process group and, as root, every process
of its uid is killed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from dlbook_tools.grading import wire

SCRATCH = "/home/student"
UID_BASE = 1_000_000_000 + (os.getpid() % 100_000) * 100  # per run; slot i runs as UID_BASE + i
PROBE_SLOT = 99
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS")


@dataclass(frozen=True)
class Limits:
    """Per-submission limits. `timeout` bounds the whole submission (its notebook and
    every call); one call gets at most `call_timeout`."""

    timeout: float = 60.0
    memory_mb: int = 2048
    file_mb: int = 64
    scratch_mb: int = 128
    open_files: int = 256
    processes: int = 64

    @property
    def call_timeout(self) -> float:
        return max(2.0, self.timeout / 4)


@dataclass(frozen=True)
class Isolation:
    """How workers are isolated on this machine, and what is not."""

    bwrap: bool
    drop_root: bool
    not_isolated: tuple[str, ...] = ()
    reason: str = ""
    tmpfs_size: bool = True  # bubblewrap >= 0.7 can cap the size of the scratch and /tmp

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
    _tmp: Path | None = field(default=None, repr=False)

    # -- start ----------------------------------------------------------------------------
    def start(self, deadline: float) -> dict:
        """Start the worker and wait for its hello (it has dropped root by then)."""
        self._tmp = Path(tempfile.mkdtemp(prefix="dlbook-grade-"))  # 0700: ours alone
        if not self.isolation.bwrap and self.uid is not None:
            os.chmod(self._tmp, 0o711)  # the worker's own uid must reach its scratch folder inside
        self.stderr_path = self._tmp / "stderr"
        to_worker_r, to_worker_w = os.pipe()
        from_worker_r, from_worker_w = os.pipe()
        worker_args = ["-I", "-m", "dlbook_tools.grading.worker",
                       "--rfd", str(to_worker_r), "--wfd", str(from_worker_w)]
        if self.isolation.bwrap:
            nb_copy = self._tmp / "notebook.ipynb"
            nb_copy.write_bytes(self.notebook)
            os.chmod(nb_copy, 0o644)
            if self.uid is not None:
                worker_args += ["--uid", str(self.uid), "--gid", str(self.uid)]
            cmd = self._bwrap_command(nb_copy) + [sys.executable, *worker_args]
            cwd = None
        else:
            self.home = self._tmp / "scratch"
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
                    pass_fds=(to_worker_r, from_worker_w), cwd=cwd, env=self._environment(),
                    start_new_session=True, preexec_fn=self._preexec(self._rlimits()))
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

    def _environment(self) -> dict[str, str]:
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "HOME": SCRATCH if self.isolation.bwrap else str(self.home),
               "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg", "TMPDIR": "/tmp"}
        env.update({v: "1" for v in THREAD_VARS})
        return env

    def _bwrap_command(self, nb_copy: Path) -> list[str]:
        cmd = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
               "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--hostname", "sandbox"]
        if self.uid is not None:
            # Root: start with only the two capabilities the worker needs to drop to its uid.
            cmd += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        else:
            cmd += ["--unshare-user", "--cap-drop", "ALL"]
        cmd += ["--ro-bind", "/usr", "/usr"]
        for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
            if os.path.islink(top):
                cmd += ["--symlink", os.readlink(top), top]
            elif os.path.isdir(top):
                cmd += ["--ro-bind", top, top]
        for etc in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
                    "/etc/alternatives", "/etc/fonts", "/etc/matplotlibrc"):
            cmd += ["--ro-bind-try", etc, etc]
        mb = 2**20
        size = (lambda n: ["--size", str(n)]) if self.isolation.tmpfs_size else (lambda n: [])
        # The private /tmp comes before the Python binds: a checkout (and its .venv) may
        # itself live under /tmp, and a later tmpfs would hide it.
        cmd += ["--proc", "/proc", "--dev", "/dev",
                "--perms", "1777", *size(self.limits.scratch_mb * mb // 2), "--tmpfs", "/tmp"]
        made: set[str] = {"/", "/tmp"}
        for root in _python_roots():
            if any(root == b or root.startswith(b.rstrip("/") + "/") for b in ("/usr", "/bin", "/lib")):
                continue
            parts = Path(root).parts
            for i in range(2, len(parts)):
                d = str(Path(*parts[:i]))
                if d not in made:
                    cmd += ["--perms", "0755", "--dir", d]
                    made.add(d)
            cmd += ["--ro-bind", root, root]
            made.add(root)
        cmd += ["--perms", "0755", "--dir", "/home",
                "--perms", "0777", *size(self.limits.scratch_mb * mb), "--tmpfs", SCRATCH,
                "--ro-bind", str(nb_copy), f"{SCRATCH}/{self.notebook_name}",
                "--chdir", SCRATCH]
        return cmd

    def _rlimits(self) -> list[tuple[int, int]]:
        import resource

        mb = 2**20
        limits = [(resource.RLIMIT_AS, self.limits.memory_mb * mb),
                  (resource.RLIMIT_CPU, int(self.limits.timeout) + 5),
                  (resource.RLIMIT_FSIZE, self.limits.file_mb * mb), (resource.RLIMIT_CORE, 0),
                  (resource.RLIMIT_NOFILE, self.limits.open_files)]
        nproc = _process_limit(self.uid, self.limits.processes)
        if nproc is not None:
            limits.append((resource.RLIMIT_NPROC, nproc))
        return limits

    def _preexec(self, rlimits: list[tuple[int, int]]):
        """In the child, before exec: rlimits, and (as root, without bubblewrap) the uid."""
        import resource

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
            if strict:  # die with the grader process (set after setresuid, which clears it)
                import ctypes

                ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
                if os.getppid() == 1:  # the grader died before we asked
                    os._exit(1)

        return apply

    # -- talk -------------------------------------------------------------------------------
    def send(self, msg: dict) -> None:
        try:
            wire.send(self.wfd, msg)
        except (BrokenPipeError, OSError) as err:
            raise wire.Closed(str(err)) from None

    def recv(self, deadline: float) -> dict:
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
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            ended = describe_exit(rc if rc is not None else None, self.isolation.bwrap)
        if self.uid is not None:
            kill_uid(self.uid)
        reap_children()
        for fd in (self.wfd,):
            if fd is not None:
                try:
                    os.close(fd)
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
        try:
            with open(self.stderr_path, "rb") as f:
                f.seek(max(0, os.path.getsize(self.stderr_path) - n))
                return f.read().decode("utf-8", "replace")
        except (OSError, TypeError):
            return ""

    def cleanup(self) -> None:
        self.kill()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


SIGNAL_WORDS = {signal.SIGSEGV: "crashed with a segmentation fault", signal.SIGKILL: "was killed (SIGKILL)",
                signal.SIGABRT: "aborted", signal.SIGXCPU: "ran out of CPU time",
                signal.SIGBUS: "crashed with a bus error", signal.SIGFPE: "crashed (SIGFPE)"}


def describe_exit(rc: int | None, bwrap: bool) -> str:
    """How the worker ended, in words: 'exited with status 3', 'crashed with a segmentation fault'."""
    if rc is None:
        return "was stopped by the grader"
    sig = -rc if rc < 0 else (rc - 128 if bwrap and rc > 128 else 0)
    if sig:
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        return SIGNAL_WORDS.get(sig, f"was killed by {name}")
    return f"exited with status {rc}"


def _python_roots() -> list[str]:
    """What the worker's Python needs to see: the installation, the venv, and the tooling.
    Never the reference package dlbook: the exercises are solved without it."""
    import dlbook_tools

    roots = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix),
             os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))),
             os.path.dirname(os.path.realpath(dlbook_tools.__file__))}
    if sys.executable and os.path.dirname(sys.executable) != os.path.dirname(os.path.realpath(sys.executable)):
        roots.add(os.path.dirname(os.path.dirname(sys.executable)))  # the venv's bin/ symlinks
    out: list[str] = []
    for r in sorted(roots, key=len):  # parents first; skip roots inside one already bound
        if not any(r == o or r.startswith(o + "/") for o in out):
            out.append(r)
    return out


def _process_limit(uid: int | None, processes: int) -> int | None:
    """RLIMIT_NPROC counts every process (and thread) of the real uid. A uid of its own
    gets `processes`; a shared uid (not root) gets what it already runs plus `processes`."""
    if uid is not None:
        return processes
    if sys.platform.startswith("linux"):
        return _tasks_of(os.getuid()) + processes
    return None


def _proc_statuses():
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


def _uid_of(fields: dict[str, str]) -> int:
    return int(fields.get("Uid", "-1 ").split()[0])


def _tasks_of(uid: int) -> int:
    """Threads (what RLIMIT_NPROC counts) of every process whose real uid is `uid`."""
    return sum(int(fields.get("Threads", "1").strip() or 1)
               for _, fields in _proc_statuses() if _uid_of(fields) == uid)


def processes_of(uid: int) -> list[int]:
    """Live (not zombie) processes whose real uid is `uid` (Linux; [] elsewhere)."""
    return [pid for pid, fields in _proc_statuses()
            if _uid_of(fields) == uid and not fields.get("State", "").strip().startswith("Z")]


def kill_uid(uid: int, wait: float = 3.0) -> bool:
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


def become_subreaper() -> None:
    """For a grader process: orphans of a sandbox become our children (and our zombies to
    reap), not init's; and if the main process is killed, we die too (and, with us, our
    sandboxes, which die with their parent)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def slot_uid(slot: int, isolation: Isolation) -> int | None:
    return UID_BASE + slot if isolation.drop_root else None


def detect(limits: Limits, force: str | None = None) -> Isolation:
    """Find the strongest isolation that works here, by starting a worker under it."""
    import platform

    force = force or os.environ.get("DLBOOK_GRADE_SANDBOX")
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    missing_bwrap = ""
    if force != "rlimits":
        if not sys.platform.startswith("linux"):
            missing_bwrap = f"no bubblewrap on {platform.system()}"
        elif shutil.which("bwrap") is None:
            missing_bwrap = "bubblewrap (bwrap) is not installed"
        else:
            usage = subprocess.run(["bwrap", "--help"], capture_output=True, text=True).stdout
            sized = "--size" in usage
            iso = Isolation(bwrap=True, drop_root=root, tmpfs_size=sized, not_isolated=() if sized else (
                "size of the scratch folder and /tmp (this bubblewrap is older than 0.7; each file "
                "is still capped)",))
            problem = _probe(iso, limits)
            if problem is None:
                return iso
            missing_bwrap = f"bubblewrap failed to start: {problem}"
    else:
        missing_bwrap = "DLBOOK_GRADE_SANDBOX=rlimits"
    gaps = ["filesystem (student code can read and write wherever its user can, "
            "including other submissions and the project's build folder if readable)",
            "network", "other processes (no PID namespace)", "disk use (only the size of each file is capped)"]
    if root:
        iso = Isolation(bwrap=False, drop_root=True, not_isolated=tuple(gaps), reason=missing_bwrap)
        if _probe(iso, limits) is None:
            return iso
        gaps += ["privileges (student code runs as root: the Python installation is not "
                 "readable by an unprivileged user)", "process count (RLIMIT_NPROC does not apply to root)"]
    else:
        if not sys.platform.startswith("linux"):
            gaps.append("process count")
        if sys.platform == "darwin":
            gaps.append("memory (macOS does not enforce RLIMIT_AS)")
        gaps.append("processes that leave the process group may outlive grading")
    return Isolation(bwrap=False, drop_root=False, not_isolated=tuple(gaps), reason=missing_bwrap)


def _probe(iso: Isolation, limits: Limits) -> str | None:
    """Start a worker under `iso` and wait for its hello; None when it works."""
    nb = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    box = Sandbox(iso, limits, slot_uid(PROBE_SLOT, iso), nb, "probe.ipynb")
    try:
        box.start(time.monotonic() + 30)
        box.send({"op": "bye"})
        return None
    except (wire.WireError, OSError, subprocess.SubprocessError) as err:
        tail = box.stderr_tail(400).strip().splitlines()
        return (tail[-1] if tail else str(err) or type(err).__name__)[:200]
    finally:
        box.cleanup()
