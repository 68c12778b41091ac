"""The bubblewrap command line a worker starts under: what it sees, and what it does not.

- a read-only view of the system (``/usr``, the Python installation, the virtual
  environment and the ``dlbook_tools`` package; not ``/home``, not the project, not the
  build folder holding the hidden tests, not the other submissions, never the reference
  package ``dlbook``: the exercises are solved without it);
- a private, size-capped ``/tmp`` and scratch folder (tmpfs, its working directory, with a
  read-only copy of its own notebook): the only places it can write, gone afterwards;
- no network (a network namespace of its own, loopback down), a private PID namespace (it
  sees and signals only itself; everything it started dies with it), its own IPC and UTS
  namespaces;
- as root: only the two capabilities the worker needs to drop to its own uid, which it
  does before any student code runs; otherwise a user namespace and no capabilities.

Building the command runs nothing, so it is tested without bubblewrap.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SCRATCH = "/home/student"  # the worker's home and working directory, inside the sandbox


def available() -> bool:
    return shutil.which("bwrap") is not None


def supports_size() -> bool:
    """Whether this bubblewrap can cap a tmpfs's size (``--size``, bubblewrap >= 0.7)."""
    usage = subprocess.run(["bwrap", "--help"], capture_output=True, text=True).stdout
    return "--size" in usage


def command(notebook_copy: Path, notebook_name: str, scratch_mb: int, tmp_mb: int,
            as_root: bool, tmpfs_size: bool = True) -> list[str]:
    """The ``bwrap`` arguments (the worker's own command follows them)."""
    cmd = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
           "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--hostname", "sandbox"]
    if as_root:
        # Start with only the two capabilities the worker needs to drop to its uid.
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

    def size(mb: int) -> list[str]:
        return ["--size", str(mb * 2**20)] if tmpfs_size else []

    # The private /tmp comes before the Python binds: a checkout (and its .venv) may
    # itself live under /tmp, and a later tmpfs would hide it.
    cmd += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", *size(tmp_mb), "--tmpfs", "/tmp"]
    made: set[str] = {"/", "/tmp"}
    for root in python_roots():
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
            "--perms", "0777", *size(scratch_mb), "--tmpfs", SCRATCH,
            "--ro-bind", str(notebook_copy), f"{SCRATCH}/{notebook_name}",
            "--chdir", SCRATCH]
    return cmd


def python_roots() -> list[str]:
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
