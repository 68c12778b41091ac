"""Gradient accumulation and clipping in `train_step` and `fit`: k micro-batches take the step
of one large batch."""

import contextlib

import numpy as np
import pytest
import torch

from dlbook.train.fit import fit
from dlbook.train.steps import train_step

mse = torch.nn.functional.mse_loss


def _net(dtype=torch.float64, seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2)).to(dtype)


def _data(n, dtype=torch.float64, seed=1):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, 3, generator=g, dtype=dtype), torch.randn(n, 2, generator=g, dtype=dtype)


def _train(accumulation, optimizer, dtype=torch.float64, steps=4, n=12, max_norm=None):
    model = _net(dtype)
    opt = optimizer(model.parameters())
    losses = []
    for step in range(steps):
        batch = _data(n, dtype, seed=step)
        losses.append(train_step(model, mse, opt, batch, accumulation=accumulation, max_norm=max_norm).item())
    return model, losses


OPTIMIZERS = {"sgd": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
              "adam": lambda p: torch.optim.Adam(p, lr=0.01)}


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("accumulation", [2, 3, 5, 12])  # 5: micro-batches of 3, 3, 2, 2, 2
def test_k_micro_batches_take_the_step_of_one_large_batch(accumulation, optimizer):
    ref, ref_losses = _train(1, OPTIMIZERS[optimizer])
    model, losses = _train(accumulation, OPTIMIZERS[optimizer])
    for p, q in zip(model.parameters(), ref.parameters()):
        torch.testing.assert_close(p, q, rtol=0, atol=1e-12)  # float64: equal up to rounding
    np.testing.assert_allclose(losses, ref_losses, rtol=1e-12)  # the returned loss is the whole batch's


def test_the_same_in_float32_to_1e_6():
    ref, _ = _train(1, OPTIMIZERS["sgd"], torch.float32)
    model, _ = _train(4, OPTIMIZERS["sgd"], torch.float32)
    for p, q in zip(model.parameters(), ref.parameters()):
        torch.testing.assert_close(p, q, rtol=0, atol=1e-6)


def test_unequal_micro_batches_are_weighted_by_their_size():
    """loss / k would be wrong here: 7 examples in 3 micro-batches are 3, 2, 2."""
    model = _net()
    X, y = _data(7)
    opt = torch.optim.SGD(model.parameters(), lr=0.0)
    train_step(model, mse, opt, (X, y), accumulation=3)
    accumulated = [p.grad.clone() for p in model.parameters()]
    train_step(model, mse, opt, (X, y))
    for g, h in zip(accumulated, (p.grad for p in model.parameters())):
        torch.testing.assert_close(g, h, rtol=0, atol=1e-14)
    train_step(model, mse, opt, (X[:2], y[:2]), accumulation=4)  # fewer examples than micro-batches: 2 of 1


def test_clipping_sees_the_whole_batch_gradient():
    for accumulation in (1, 3):
        model, _ = _train(accumulation, OPTIMIZERS["sgd"], steps=1, max_norm=0.05)
        total = torch.linalg.vector_norm(torch.stack([p.grad.norm() for p in model.parameters()]))
        assert total == pytest.approx(0.05, rel=1e-4)  # clipped once, to max_norm (less 1e-6 of slack)
    ref, _ = _train(1, OPTIMIZERS["sgd"], max_norm=0.05)
    model, _ = _train(3, OPTIMIZERS["sgd"], max_norm=0.05)
    for p, q in zip(model.parameters(), ref.parameters()):
        torch.testing.assert_close(p, q, rtol=0, atol=1e-12)


def test_with_a_scaler_the_gradients_are_unscaled_before_clipping():
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    X, y = _data(8, torch.float32)
    y = y * 10  # a gradient norm well above max_norm
    scaler = torch.amp.GradScaler("cpu", init_scale=64.0)  # small enough for no float16 overflow here
    train_step(model, mse, opt, (X, y), precision="fp16", scaler=scaler, max_norm=1.0)
    assert scaler.get_scale() == 64.0  # no inf: the step was taken
    total = torch.linalg.vector_norm(torch.stack([p.grad.norm() for p in model.parameters()]))
    assert total.item() == pytest.approx(1.0, rel=1e-4)  # clipping the scaled gradient would leave 1 / 64


class FakeDDP(torch.nn.Module):
    """Counts what DistributedDataParallel would: backward passes inside and outside no_sync."""

    def __init__(self, module):
        super().__init__()
        self.module, self.in_no_sync, self.synced = module, False, 0

    def forward(self, x):
        out = self.module(x)
        if not self.in_no_sync:
            self.synced += 1  # the real one all-reduces during this forward's backward
        return out

    @contextlib.contextmanager
    def no_sync(self):
        self.in_no_sync = True
        try:
            yield
        finally:
            self.in_no_sync = False


def test_no_sync_on_all_micro_batches_but_the_last():
    model = FakeDDP(_net())
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(3):
        train_step(model, mse, opt, _data(12, seed=step), accumulation=4)
    assert model.synced == 3  # one all-reduce per step, not 4
    with pytest.raises(ValueError, match="accumulation"):
        train_step(model, mse, opt, _data(12), accumulation=0)


def test_fit_with_accumulation_matches_fit_without():
    (X, y), (X_val, y_val) = _data(30), _data(10, seed=9)

    def run(accumulation):
        model = _net()
        history = fit(model, mse, torch.optim.Adam(model.parameters(), lr=0.01), (X, y), (X_val, y_val),
                      epochs=3, batch_size=8, accumulation=accumulation, max_norm=1.0, rng=3)
        return model, history

    (model, history), (ref, ref_history) = run(4), run(1)
    np.testing.assert_allclose(history.val_loss, ref_history.val_loss, rtol=1e-12)
    for p, q in zip(model.parameters(), ref.parameters()):
        torch.testing.assert_close(p, q, rtol=0, atol=1e-12)
