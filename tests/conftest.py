"""Shared fixtures (the built exercise sets and site, made once per session) and a
marker per chapter: `pytest -m ch05` runs what chapter 5 depends on."""

from __future__ import annotations

import os
import re
import subprocess
import time

import pytest

from support import BIN, GRADING_FIXTURE, ROOT, exercise_sets

# Each test module of the reference package, by the chapter that teaches it.
CHAPTER_OF_MODULE = {
    "dlbook/nn/test_activations.py": "ch02",
    "dlbook/nn/test_perceptron.py": "ch02",
    "dlbook/data/test_synthetic.py": "ch02",
    "dlbook/nn/test_losses.py": "ch03",
    "dlbook/autograd/test_engine.py": "ch04",
    "dlbook/autograd/test_backprop.py": "ch04",
    "dlbook/autograd/test_gradcheck.py": "ch04",
    "dlbook/optim/test_optimizers.py": "ch05",
    "dlbook/optim/test_schedules.py": "ch05",
    "dlbook/data/test_batching.py": "ch05",
    "dlbook/nn/test_regularization.py": "ch06",
    "dlbook/train/test_fit.py": "ch06",
    # Part II to IV: the test modules of the modules they introduce.
    "dlbook/data/test_text.py": "ch07",
    "dlbook/nn/test_rnn.py": "ch07",
    "dlbook/nn/test_embedding.py": "ch07",
    "dlbook/autograd/test_bptt.py": "ch08",
    "dlbook/optim/test_clipping.py": "ch08",
    "dlbook/nn/test_gated.py": "ch09",
    "dlbook/nn/test_sampling.py": "ch09",
    "dlbook/nn/test_attention.py": "ch10",
    "dlbook/nn/test_transformer.py": "ch10",
    "dlbook/data/test_sequences.py": "ch09",
    "dlbook/data/test_reverse.py": "ch10",
    "dlbook/nn/test_conv.py": "ch11",
    "dlbook/nn/test_pooling.py": "ch11",
    "dlbook/data/test_images.py": "ch11",
    "dlbook/nn/test_cnn.py": "ch12",
    "dlbook/train/test_devices.py": "ch13",
    "dlbook/train/test_precision.py": "ch13",
    "dlbook/train/test_accumulation.py": "ch13",
    "dlbook/train/test_checkpoint.py": "ch13",
    "dlbook/train/test_throughput.py": "ch13",
    "dlbook/train/test_distributed.py": "ch13",
}
CHAPTERS = [f"ch{n:02d}" for n in range(1, 17)]


def pytest_configure(config: pytest.Config) -> None:
    for ch in CHAPTERS:
        config.addinivalue_line("markers", f"{ch}: tests of chapter {int(ch[2:])} (its package code or exercise set)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its chapter: by module for the package's tests, by the exercise
    set in its parameters (ch05-gradient-descent -> ch05) for the tooling's."""
    for item in items:
        rel = item.path.relative_to(ROOT / "tests").as_posix()
        chapters = {CHAPTER_OF_MODULE[rel]} if rel in CHAPTER_OF_MODULE else set()
        chapters |= set(re.findall(r"\b(ch\d\d)-", item.nodeid))
        for ch in sorted(chapters & set(CHAPTERS)):
            item.add_marker(getattr(pytest.mark, ch))


@pytest.fixture(scope="session")
def built_sets():
    """Every exercise set, built (a no-op when `make test` already built them), and the
    grading tests' own frozen set, which does not change when the book's sets do."""
    from dlbook_tools.exercises.build import build_set

    sets = [*exercise_sets(), GRADING_FIXTURE]
    for ex in sets:
        build_set(ex, log=lambda *_: None)
    return {ex.name: ex for ex in sets}


@pytest.fixture(scope="session")
def built_site(built_sets, tmp_path_factory):
    """`mkdocs build --strict` into a temporary folder, twice: a build and a no-change rebuild.

    Returns (site folder, [(seconds, log) of each build]).
    """
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    runs = []
    for _ in range(2):
        start = time.perf_counter()
        proc = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(site)],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        runs.append((time.perf_counter() - start, proc.stdout + proc.stderr))
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return site, runs


