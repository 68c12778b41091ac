"""Learning-rate schedules against torch.optim.lr_scheduler for 100 steps, and by hand."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.optim import lr_scheduler as L

from dlbook.optim import optimizers as O
from dlbook.optim import schedules as S

STEPS = 100


def torch_lrs(make_scheduler, eta_0, steps=STEPS):
    """The learning rate torch's optimizer uses at steps t = 0, ..., steps - 1."""
    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=eta_0)
    scheduler = make_scheduler(opt)
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return np.array(lrs)


def ours(lr_at, steps=STEPS):
    return np.array([lr_at(t) for t in range(steps)])


@pytest.mark.parametrize("eta_0, step_size, gamma", [(0.1, 10, 0.5), (1.0, 7, 0.1), (0.03, 1, 0.9)])
def test_step_lr_matches_torch(eta_0, step_size, gamma):
    np.testing.assert_allclose(ours(lambda t: S.step_lr(t, eta_0, step_size, gamma)),
                               torch_lrs(lambda o: L.StepLR(o, step_size, gamma), eta_0), rtol=1e-12)


@pytest.mark.parametrize("eta_0, gamma", [(0.1, 0.95), (1.0, 0.5), (0.5, 0.999)])
def test_exponential_lr_matches_torch(eta_0, gamma):
    np.testing.assert_allclose(ours(lambda t: S.exponential_lr(t, eta_0, gamma)),
                               torch_lrs(lambda o: L.ExponentialLR(o, gamma), eta_0), rtol=1e-12)


@pytest.mark.parametrize("eta_max, eta_min, T_max", [(0.1, 0.0, 100), (0.5, 0.01, 30), (1.0, 0.2, 7),
                                                     (0.05, 0.0, 1)])
def test_cosine_lr_matches_torch_even_past_T_max(eta_max, eta_min, T_max):
    """torch computes the cosine recursively; ours is the closed form. Past T_max both climb back."""
    np.testing.assert_allclose(ours(lambda t: S.cosine_lr(t, eta_max, eta_min, T_max)),
                               torch_lrs(lambda o: L.CosineAnnealingLR(o, T_max, eta_min), eta_max),
                               rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("start, end, warmup", [(1 / 3, 1.0, 5), (0.01, 1.0, 20), (0.5, 0.1, 40)])
def test_linear_warmup_matches_linear_lr(start, end, warmup):
    np.testing.assert_allclose(ours(lambda t: S.linear_warmup_lr(t, 0.2, warmup, start, end)),
                               torch_lrs(lambda o: L.LinearLR(o, start, end, warmup), 0.2), rtol=1e-12)


@pytest.mark.parametrize("warmup, T_max, eta_min, start", [(10, 90, 0.0, 0.1), (5, 30, 0.01, 1 / 3),
                                                           (1, 99, 0.001, 0.5), (25, 50, 0.0, 0.01)])
def test_warmup_cosine_matches_sequential_lr(warmup, T_max, eta_min, start):
    def make(o):
        return L.SequentialLR(o, [L.LinearLR(o, start, 1.0, warmup),
                                  L.CosineAnnealingLR(o, T_max, eta_min)], milestones=[warmup])
    np.testing.assert_allclose(ours(lambda t: S.warmup_cosine_lr(t, 0.3, warmup, T_max, eta_min, start)),
                               torch_lrs(make, 0.3), rtol=1e-10, atol=1e-14)


@given(eta_max=st.floats(1e-4, 2.0), frac=st.floats(0.0, 0.9), T_max=st.integers(1, 200),
       t=st.integers(0, 400))
@settings(max_examples=100, deadline=None)
def test_cosine_by_hand(eta_max, frac, T_max, t):
    eta_min = frac * eta_max
    eta = S.cosine_lr(t, eta_max, eta_min, T_max)
    assert eta_min - 1e-12 <= eta <= eta_max + 1e-12
    assert math.isclose(S.cosine_lr(0, eta_max, eta_min, T_max), eta_max)
    assert math.isclose(S.cosine_lr(T_max, eta_max, eta_min, T_max), eta_min, abs_tol=1e-12)
    if T_max % 2 == 0:  # half way: the average of the two ends
        assert math.isclose(S.cosine_lr(T_max // 2, eta_max, eta_min, T_max), (eta_max + eta_min) / 2)
    # symmetric about T_max: after T_max the cosine climbs back the way it came
    assert math.isclose(eta, S.cosine_lr(2 * T_max - t, eta_max, eta_min, T_max), abs_tol=1e-12)


def test_warmup_reaches_the_peak_exactly_where_the_cosine_starts():
    lrs = ours(lambda t: S.warmup_cosine_lr(t, 1.0, 10, 40, start_factor=0.1))
    np.testing.assert_allclose(lrs[:11], 0.1 + 0.09 * np.arange(11), rtol=1e-12)
    assert lrs.argmax() == 10 and math.isclose(lrs[50], 0.0, abs_tol=1e-15)


def test_scheduler_drives_our_optimizer_like_torchs_scheduler_drives_torchs():
    """The same training run twice: dlbook SGD + Scheduler, torch SGD + StepLR."""
    def loss(w):
        return ((w - torch.tensor([1.0, -2.0], dtype=torch.float64)) ** 2).sum()

    w_ours = torch.tensor([3.0, 3.0], dtype=torch.float64, requires_grad=True)
    w_torch = w_ours.detach().clone().requires_grad_(True)
    opt_ours = O.SGD([w_ours], lr=0.3, momentum=0.5)
    opt_torch = torch.optim.SGD([w_torch], lr=0.3, momentum=0.5)
    sched_ours = S.Scheduler(opt_ours, lambda t: S.step_lr(t, 0.3, 5, 0.5))
    sched_torch = L.StepLR(opt_torch, 5, 0.5)
    for _ in range(30):
        for w, opt in [(w_ours, opt_ours), (w_torch, opt_torch)]:
            opt.zero_grad()
            loss(w).backward()
            opt.step()
        sched_ours.step()
        sched_torch.step()
        assert math.isclose(opt_ours.lr, sched_torch.get_last_lr()[0])
        assert math.isclose(sched_ours.get_last_lr(), opt_ours.lr)
    np.testing.assert_allclose(w_ours.detach(), w_torch.detach(), rtol=1e-12)


def test_scheduler_also_sets_a_torch_optimizers_learning_rate():
    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.Adam([w], lr=1.0)
    sched = S.Scheduler(opt, lambda t: S.exponential_lr(t, 0.5, 0.5))
    assert opt.param_groups[0]["lr"] == 0.5
    sched.step()
    sched.step()
    assert opt.param_groups[0]["lr"] == 0.125
