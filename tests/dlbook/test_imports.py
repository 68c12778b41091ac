"""`import dlbook` and each of its subpackages stay light: no numpy, torch, matplotlib or otter."""

import subprocess
import sys

import pytest

HEAVY = ("numpy", "torch", "matplotlib", "otter", "dlbook_tools")


@pytest.mark.parametrize("module", ["dlbook", "dlbook.nn", "dlbook.autograd", "dlbook.optim",
                                    "dlbook.data", "dlbook.train"])
def test_import_is_light(module):
    code = (f"import sys, {module}\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import {module} loaded {out.stdout.strip()}"


def test_tooling_does_not_import_the_reference_modules():
    """The CLI and the grading worker need only dlbook's location, never its code."""
    code = ("import sys, dlbook_tools.cli, dlbook_tools.grading.worker\n"
            "print(','.join(m for m in sys.modules if m.startswith('dlbook.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
