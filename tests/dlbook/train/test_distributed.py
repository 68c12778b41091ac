"""Data parallelism on the CPU: 2 processes under torchrun with gloo (ddp_worker.py) against one
process on the full batch. Distributed runs hang rather than fail, so the launch has a hard
timeout and its whole process group is killed whatever happens; torchrun --standalone picks a
free port, never a fixed one."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from torch.utils.data import TensorDataset

from dlbook.train.distributed import Process, all_reduce_mean, cleanup, is_main_process, loader, setup, wrap
from dlbook.train.steps import train_step

WORKER = Path(__file__).with_name("ddp_worker.py")
TIMEOUT = 120  # seconds; a healthy run takes about 5


def _import_worker():
    import importlib.util

    spec = importlib.util.spec_from_file_location("ddp_worker", WORKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


worker = _import_worker()


def torchrun(out: Path, nproc: int = 2, timeout: float = TIMEOUT) -> tuple[str, float]:
    """Run the worker under torchrun; return its output and wall time. Whatever happens, every
    process it started is killed before this returns."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1",
           "DDP_WORKER_DEADLINE": str(int(timeout) + 10)}  # the workers' own alarm, should we die first
    for var in ("RANK", "LOCAL_RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"):
        env.pop(var, None)
    log = out / "torchrun.log"  # a file, not a pipe: an orphaned worker holding a pipe would block reading it
    start, hung = time.perf_counter(), False
    with open(log, "w") as f:
        proc = subprocess.Popen([sys.executable, "-m", "torch.distributed.run", "--standalone",
                                 "--nproc_per_node", str(nproc), str(WORKER), str(out)],
                                stdout=f, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            hung = True
        finally:
            _kill_tree(proc)
    output = log.read_text()
    if hung:
        pytest.fail(f"torchrun did not finish in {timeout} s (a hung collective?):\n{output[-3000:]}")
    if proc.returncode != 0:
        pytest.fail(f"torchrun exited with {proc.returncode}:\n{output[-3000:]}")
    return output, time.perf_counter() - start


def _kill_tree(proc: subprocess.Popen) -> None:
    """Kill torchrun and its workers. torchrun starts each worker in a session of its own, so
    killing torchrun's process group misses them: find them as its children first, by pid."""
    try:
        import psutil

        children = psutil.Process(proc.pid).children(recursive=True)
    except Exception:  # no psutil, or torchrun already gone (then so are its workers)
        children = []
    for child in children:
        try:
            child.kill()
        except Exception:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


@pytest.fixture(scope="module")
def ranks(tmp_path_factory):
    """One torchrun launch serves every test here: [rank 0's results, rank 1's]."""
    out = tmp_path_factory.mktemp("ddp")
    _, seconds = torchrun(out)
    print(f"torchrun, 2 processes: {seconds:.1f} s")
    return [torch.load(out / f"rank{r}.pt", weights_only=True) for r in range(2)]


def _single_process(seen_by_rank):
    """The same steps in one process on the full batch: step i's batch is the union of the ranks'."""
    X, y = worker.data()
    model = worker.model()
    opt = worker.optimizer(model.parameters())
    B = worker.BATCH
    for epoch in range(worker.EPOCHS):
        orders = [seen[epoch] for seen in seen_by_rank]
        for i in range(len(orders[0]) // B):
            idx = [j for order in orders for j in order[i * B:(i + 1) * B]]
            train_step(model, torch.nn.functional.mse_loss, opt, (X[idx], y[idx]))
    return list(model.parameters())


@pytest.mark.slow
@pytest.mark.parametrize("run", ["plain", "accumulated"])
def test_ddp_takes_the_step_of_one_process_on_the_full_batch(ranks, run):
    r0, r1 = ranks[0][run], ranks[1][run]
    for p, q in zip(r0["params"], r1["params"]):
        assert torch.equal(p, q)  # every rank holds the very same weights
    reference = _single_process([r0["seen"], r1["seen"]])
    for p, q in zip(r0["params"], reference):
        torch.testing.assert_close(p, q.detach(), rtol=0, atol=1e-12)  # float64: up to rounding


@pytest.mark.slow
def test_accumulation_all_reduces_once_a_step(ranks):
    steps = worker.EPOCHS * worker.N // (2 * worker.BATCH)
    plain, accumulated = ranks[0]["plain"]["allreduces"], ranks[0]["accumulated"]["allreduces"]
    assert plain % steps == 0 and plain > 0  # one per gradient bucket per step
    assert accumulated == plain  # 3 micro-batches a step, the first 2 under no_sync


@pytest.mark.slow
def test_the_sampler_shares_each_epoch_and_reshuffles_with_set_epoch(ranks):
    seen = [ranks[r]["plain"]["seen"] for r in range(2)]
    for epoch in range(worker.EPOCHS):
        a, b = seen[0][epoch], seen[1][epoch]
        assert len(a) == len(b) == worker.N // 2 and sorted(a + b) == list(range(worker.N))  # disjoint shares
    assert seen[0][0] != seen[0][1]  # set_epoch: a new order every epoch
    stale = ranks[0]["without_set_epoch"]
    assert stale[0] == stale[1] == seen[0][0]  # without it, every epoch repeats epoch 0's order


@pytest.mark.slow
def test_rank_0_writes_the_checkpoint_and_every_rank_reads_it(ranks):
    assert [ranks[r]["checkpoint"]["written"] for r in range(2)] == [True, False]
    for r in range(2):
        for p, q in zip(ranks[r]["checkpoint"]["reloaded"], ranks[0]["plain"]["params"]):
            assert torch.equal(p, q)


def test_outside_torchrun_it_is_a_group_of_one(monkeypatch):
    for var in ("WORLD_SIZE", "RANK", "LOCAL_RANK"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DLBOOK_DEVICE", "cpu")
    process = setup()
    assert process == Process(rank=0, local_rank=0, world_size=1, device=torch.device("cpu")) and process.is_main
    model = torch.nn.Linear(2, 1)
    assert wrap(model, process) is model  # no DDP for a single process
    data, sampler = loader(TensorDataset(torch.arange(10.0)), 4, process, shuffle=False)
    assert [b[0].tolist() for b in data] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert is_main_process() and torch.equal(all_reduce_mean(torch.tensor(3.0)), torch.tensor(3.0))
    cleanup()  # nothing to leave: no error
