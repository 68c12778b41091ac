"""The limits owner and the flags that feed it (no sandbox needed): an unset flag is a
default chosen in one place, a nonsense flag is a one-line error, never a silent default."""

from __future__ import annotations

import pytest

from dlbook_tools.errors import UserError
from dlbook_tools.grading import bwrap, limits
from dlbook_tools.grading.limits import Limits, size_for_solution
from support import ROOT, run_cli


def test_unset_limits_come_from_the_set_then_the_defaults():
    sized = {"timeout": 31.0, "memory": 4096.0, "solution_seconds": 3.1}
    assert Limits.choose(None, None, sized) == Limits(timeout=31.0, memory_mb=4096)
    assert Limits.choose(5, None, sized) == Limits(timeout=5.0, memory_mb=4096)
    assert Limits.choose(None, 512, {}) == Limits(timeout=limits.DEFAULT_TIMEOUT, memory_mb=512)
    assert Limits.choose() == Limits()


@pytest.mark.parametrize("timeout, memory", [(0, 2048), (-1, 2048), (float("nan"), 2048), (float("inf"), 2048),
                                             (10, 0), (10, limits.MIN_MEMORY_MB - 1)])
def test_nonsense_limits_are_refused(timeout, memory):
    with pytest.raises(UserError):
        Limits(timeout=timeout, memory_mb=memory)


def test_every_derived_number_follows_the_timeout():
    short, long = Limits(timeout=4), Limits(timeout=600)
    assert (short.call_timeout, long.call_timeout) == (limits.MIN_CALL_TIMEOUT, 150)
    assert (short.cpu_seconds, long.cpu_seconds) == (4 + limits.CPU_MARGIN, 600 + limits.CPU_MARGIN)
    assert long.backstop == 2 * 600 + limits.BACKSTOP_MARGIN == 1290
    assert Limits(scratch_mb=128).tmp_mb == 64


def test_rlimits_cap_what_a_worker_may_use():
    import resource

    rl = dict(Limits(timeout=10, memory_mb=1024, processes=7).rlimits(own_uid=True))
    assert rl[resource.RLIMIT_AS] == 1024 * 2**20 and rl[resource.RLIMIT_CPU] == 15
    assert rl[resource.RLIMIT_NPROC] == 7 and rl[resource.RLIMIT_CORE] == 0


def test_the_build_sizes_limits_from_the_solution():
    assert size_for_solution(0.5, 300) == {"solution_seconds": 0.5, "timeout": 30.0, "memory": 2048.0}
    assert size_for_solution(3.14, 1500) == {"solution_seconds": 3.14, "timeout": 32.0, "memory": 3072.0}


@pytest.mark.parametrize("flag, value, words", [
    ("--timeout", "0", "argument --timeout: must be a positive number of seconds, got 0"),
    ("--timeout", "-5", "must be a positive number of seconds, got -5"),
    ("--timeout", "nan", "must be a positive number of seconds, got nan"),
    ("-j", "0", "argument -j/--jobs: must be a whole number of grader processes, at least 1, got 0"),
    ("--memory", "0", "argument --memory: must be a whole number of MB, at least 64, got 0"),
    ("--memory", "lots", "must be a whole number of MB, at least 64, got lots"),
])
def test_grade_flags_that_make_no_sense_are_one_line_errors(tmp_path, flag, value, words):
    proc = run_cli("grade", "ch02-perceptron", str(tmp_path), "--out", str(tmp_path / "out"), flag, value)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("dlbook grade: error: ") and words in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_the_bubblewrap_command_shows_no_project_file_and_no_reference_package(tmp_path):
    cmd = bwrap.command(tmp_path / "nb.ipynb", "hw.ipynb", scratch_mb=128, tmp_mb=64, as_root=True)
    binds = {cmd[i + 1] for i, arg in enumerate(cmd) if arg in ("--ro-bind", "--bind")}
    assert str(ROOT) not in binds and str(ROOT / "build") not in binds
    assert not any(b.endswith("/dlbook") for b in binds)  # the tooling, yes; the answer key, never
    assert "--unshare-net" in cmd and "--unshare-pid" in cmd and "--die-with-parent" in cmd
    assert cmd[cmd.index("--cap-drop") + 1] == "ALL"
    sizes = [cmd[i + 1] for i, arg in enumerate(cmd) if arg == "--size"]
    assert sizes == [str(64 * 2**20), str(128 * 2**20)]
