"""The command line as a user meets it: help, errors, and a light `import dlbook`."""

import subprocess
import sys

from support import GRADING_FIXTURE, run_cli


def test_help_lists_the_commands():
    proc = run_cli("--help")
    assert proc.returncode == 0
    for word in ("exercises", "check", "examples:"):
        assert word in proc.stdout
    assert run_cli("exercises", "build", "--help").returncode == 0


def test_unknown_set_is_a_one_line_error():
    proc = run_cli("exercises", "prove", "no-such-set")
    assert proc.returncode == 2
    assert proc.stderr.startswith("dlbook: error: unknown exercise set no-such-set; known sets:")
    assert "Traceback" not in proc.stderr


def test_list_shows_every_set(built_sets):
    proc = run_cli("exercises", "list")
    assert proc.returncode == 0
    for name in (n for n in built_sets if n != GRADING_FIXTURE.name):
        assert name in proc.stdout and "built" in proc.stdout


def test_import_dlbook_is_light():
    code = ("import sys, dlbook, dlbook_tools.cli; heavy = {'numpy', 'torch', 'matplotlib', 'otter', 'nbformat'}"
            " & set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
