"""Checkpoint and resume: an interrupted run, resumed, reproduces the uninterrupted run's losses
exactly. Dropout, a learning-rate schedule, a GradScaler and data drawn from Python's, numpy's
and torch's generators all make the restored state matter."""

import random

import numpy as np
import pytest
import torch

from dlbook.train import checkpoint as ckpt_module
from dlbook.train.checkpoint import load_checkpoint, rng_states, save_checkpoint, set_rng_states, unwrap
from dlbook.train.fit import EarlyStopping, fit
from dlbook.train.steps import train_step

mse = torch.nn.functional.mse_loss


def _setup(seed=0, precision="fp32"):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Dropout(0.3),
                                torch.nn.Linear(16, 1))
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
    # from 2^20, growing every 2 clean steps: float16 overflows, steps are skipped, the scale matters
    scaler = (torch.amp.GradScaler("cpu", init_scale=2.0**20, growth_interval=2)
              if precision == "fp16" else None)
    return model, opt, sched, scaler


def _batch():
    """A batch drawn from all three global generators."""
    X = torch.randn(16, 4) + float(np.random.normal()) + random.random()
    return X, X.sum(1, keepdim=True) ** 2


def _steps(model, opt, sched, scaler, n, precision):
    losses = []
    for _ in range(n):
        loss = train_step(model, mse, opt, _batch(), precision=precision, scaler=scaler, max_norm=5.0)
        sched.step()
        losses.append(loss.item())
    return losses


def _seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


@pytest.mark.filterwarnings("ignore:Detected call of `lr_scheduler")  # the scaler skipped a step
@pytest.mark.parametrize("precision", ["fp32", "fp16"])
def test_a_resumed_run_reproduces_the_uninterrupted_one_exactly(tmp_path, precision):
    total, k = 12, 5
    model, opt, sched, scaler = _setup(precision=precision)
    _seed_all(1)
    uninterrupted = _steps(model, opt, sched, scaler, total, precision)

    model, opt, sched, scaler = _setup(precision=precision)
    _seed_all(1)
    first = _steps(model, opt, sched, scaler, k, precision)
    assert save_checkpoint(tmp_path / "run.pt", model, opt, step=k, scaler=scaler, scheduler=sched)
    _steps(model, opt, sched, scaler, 2, precision)  # the interrupted run went on a little before dying

    # a new process: other weights, fresh optimizer and schedule, other random state
    model, opt, sched, scaler = _setup(seed=99, precision=precision)
    _seed_all(123)
    ckpt = load_checkpoint(tmp_path / "run.pt", model, opt, scaler=scaler, scheduler=sched)
    assert ckpt.step == k and sched.last_epoch == k
    rest = _steps(model, opt, sched, scaler, total - k, precision)
    assert first + rest == uninterrupted  # bit for bit


def test_the_rng_states_round_trip():
    _seed_all(5)
    states = rng_states()
    a = (random.random(), np.random.rand(), torch.rand(1))
    _seed_all(6)
    set_rng_states(states)
    assert (random.random(), np.random.rand(), torch.rand(1)) == a


def _problem():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(40, 4, generator=g)
    y = X.sum(1, keepdim=True) ** 2
    return (X[:30], y[:30]), (X[30:], y[30:])


def _fit(epochs, checkpoint=None, seed=0, loss_fn=mse, early_stopping=None):
    model, opt, sched, _ = _setup(seed)
    torch.manual_seed(7)  # the dropout masks
    train, val = _problem()
    history = fit(model, loss_fn, opt, train, val, epochs, batch_size=8, rng=3, scheduler=sched,
                  checkpoint=checkpoint, early_stopping=early_stopping)
    return model, history


def test_fit_resumes_from_its_checkpoint_after_a_crash(tmp_path):
    ref_model, ref_history = _fit(6)

    calls = 0

    def crashing_loss(y_hat, y):  # dies in the middle of epoch 4 (4 batches + 2 evaluations an epoch)
        nonlocal calls
        calls += 1
        if calls == 3 * 6 + 2:
            raise KeyboardInterrupt
        return mse(y_hat, y)

    path = tmp_path / "fit.pt"
    with pytest.raises(KeyboardInterrupt):
        _fit(6, checkpoint=path, loss_fn=crashing_loss)
    assert torch.load(path, weights_only=True)["extra"]["epoch"] == 3  # the last complete epoch

    model, history = _fit(6, checkpoint=path, seed=42)
    assert history == ref_history  # every epoch's losses, exactly
    for p, q in zip(model.parameters(), ref_model.parameters()):
        assert torch.equal(p, q)


def test_fit_resumes_early_stopping_too(tmp_path):
    ref_model, ref_history = _fit(40, early_stopping=EarlyStopping(patience=2))
    assert ref_history.stopped_epoch is not None and ref_history.stopped_epoch > 3
    path = tmp_path / "fit.pt"
    _fit(3, checkpoint=path, early_stopping=EarlyStopping(patience=2))
    model, history = _fit(40, checkpoint=path, seed=1, early_stopping=EarlyStopping(patience=2))
    assert history == ref_history
    for p, q in zip(model.parameters(), ref_model.parameters()):
        assert torch.equal(p, q)
    _, again = _fit(40, checkpoint=path, seed=1, early_stopping=EarlyStopping(patience=2))
    assert again == ref_history  # resumed after the stop: nothing left to train


def test_writing_is_atomic(tmp_path, monkeypatch):
    model, opt, _, _ = _setup()
    path = tmp_path / "ckpt.pt"
    save_checkpoint(path, model, opt, step=1)
    good = path.read_bytes()

    def dies_halfway(obj, f):
        f.write(b"half a checkpoint")
        raise OSError("disk full")

    monkeypatch.setattr(torch, "save", dies_halfway)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(path, model, opt, step=2)
    assert path.read_bytes() == good  # the last good checkpoint survives
    assert [p.name for p in tmp_path.iterdir()] == ["ckpt.pt"]  # no temporary file left behind


def test_only_rank_0_writes(tmp_path, monkeypatch):
    barriers = []
    monkeypatch.setattr(ckpt_module, "_distributed", lambda: True)
    monkeypatch.setattr(torch.distributed, "get_rank", lambda: 1)
    monkeypatch.setattr(torch.distributed, "barrier", lambda: barriers.append(1))
    model, opt, _, _ = _setup()
    assert not save_checkpoint(tmp_path / "ckpt.pt", model, opt, step=1)
    assert not (tmp_path / "ckpt.pt").exists() and barriers == [1]  # it waited for rank 0 all the same
    monkeypatch.setattr(torch.distributed, "get_rank", lambda: 0)
    assert save_checkpoint(tmp_path / "ckpt.pt", model, opt, step=1) and (tmp_path / "ckpt.pt").exists()


def test_unwrap_sees_through_ddp_and_compile():
    inner = torch.nn.Linear(2, 2)

    class Wrapper(torch.nn.Module):  # DistributedDataParallel keeps the model as .module
        def __init__(self, module):
            super().__init__()
            self.module = module

    class Compiled(torch.nn.Module):  # torch.compile's OptimizedModule keeps it as ._orig_mod
        def __init__(self, module):
            super().__init__()
            self._orig_mod = module

    assert unwrap(Wrapper(Compiled(inner))) is inner
    assert unwrap(Compiled(Wrapper(inner))) is inner
    assert unwrap(inner) is inner
    empty = torch.nn.Sequential()  # a module that is falsy (len 0) still counts as a module
    assert unwrap(Wrapper(empty)) is empty
    assert unwrap(Wrapper(inner)).state_dict().keys() == {"weight", "bias"}  # no "module." prefix
