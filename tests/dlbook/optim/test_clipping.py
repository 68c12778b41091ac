"""Clipping by norm against torch.nn.utils.clip_grad_norm_, float64: the same total norm
returned and the same clipped gradients, to relative 1e-13, over random shapes, scales,
thresholds and norm types; the numpy version against it as well; and the defining
properties (direction kept, norm capped at max_norm) checked directly."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.optim.clipping import clip_by_norm, clip_grad_norm

SHAPES = st.lists(st.sampled_from([(), (1,), (3,), (2, 3), (4, 1, 2)]), min_size=1, max_size=4)


def twin_params(shapes, scale, seed, missing):
    """Two identical sets of parameters with gradients (one per implementation); the
    parameters flagged in `missing` have no gradient, as after a forward that skips them."""
    g = torch.Generator().manual_seed(seed)
    grads = [scale * torch.randn(s, generator=g, dtype=torch.float64) for s in shapes]
    pairs = []
    for k, grad in enumerate(grads):
        a, b = (torch.zeros_like(grad, requires_grad=True) for _ in range(2))
        if k not in missing:
            a.grad, b.grad = grad.clone(), grad.clone()
        pairs.append((a, b))
    return [a for a, _ in pairs], [b for _, b in pairs]


@given(shapes=SHAPES, scale=st.sampled_from([1e-3, 0.1, 1.0, 30.0]), max_norm=st.floats(0.01, 20.0),
       norm_type=st.sampled_from([2.0, 1.0, math.inf]), seed=st.integers(0, 10**6),
       missing=st.sets(st.integers(0, 3), max_size=2))
@settings(max_examples=100, deadline=None)
def test_matches_torch_clip_grad_norm(shapes, scale, max_norm, norm_type, seed, missing):
    ours, theirs = twin_params(shapes, scale, seed, missing)
    total = clip_grad_norm(ours, max_norm, norm_type)
    total_torch = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    assert total.item() == pytest.approx(total_torch.item(), rel=1e-13, abs=1e-300)
    for a, b in zip(ours, theirs):
        if b.grad is None:
            assert a.grad is None
        else:
            torch.testing.assert_close(a.grad, b.grad, rtol=1e-13, atol=1e-300)


@given(shapes=SHAPES, scale=st.sampled_from([1e-3, 1.0, 30.0]), max_norm=st.floats(0.01, 20.0),
       seed=st.integers(0, 10**6))
@settings(max_examples=60, deadline=None)
def test_numpy_version_matches_torch(shapes, scale, max_norm, seed):
    _, theirs = twin_params(shapes, scale, seed, missing=set())
    grads = [p.grad.numpy().copy() for p in theirs]
    clipped, total = clip_by_norm(grads, max_norm)
    total_torch = torch.nn.utils.clip_grad_norm_(theirs, max_norm)
    assert total == pytest.approx(total_torch.item(), rel=1e-13)
    for g, p in zip(clipped, theirs):
        np.testing.assert_allclose(g, p.grad.numpy(), rtol=1e-13, atol=1e-300)


@given(scale=st.floats(1e-3, 1e3), max_norm=st.floats(0.01, 100.0), seed=st.integers(0, 10**6))
@settings(max_examples=60, deadline=None)
def test_clipping_keeps_the_direction_and_caps_the_norm(scale, max_norm, seed):
    ps, _ = twin_params([(3, 2), (4,)], scale, seed, missing=set())
    before = torch.cat([p.grad.ravel() for p in ps]).clone()
    total = clip_grad_norm(ps, max_norm).item()
    after = torch.cat([p.grad.ravel() for p in ps])
    assert total == pytest.approx(before.norm().item(), rel=1e-14)          # the norm before clipping
    assert after.norm().item() <= max_norm * (1 + 1e-12)                     # capped ...
    # ... to max_norm, short by the 1e-6 in the denominator, or left alone below it
    assert after.norm().item() == pytest.approx(total * min(1.0, max_norm / (total + 1e-6)), rel=1e-13)
    cosine = (after @ before / (after.norm() * before.norm())).item()
    assert cosine == pytest.approx(1.0, abs=1e-14)                           # same direction


def test_by_hand():
    """Gradients (3, 4) and (12,): total norm 13; max_norm 6.5 halves both (up to the 1e-6)."""
    a, b = torch.zeros(2, requires_grad=True), torch.zeros(1, requires_grad=True)
    a.grad, b.grad = torch.tensor([3.0, 4.0]), torch.tensor([12.0])
    assert clip_grad_norm([a, b], 6.5).item() == pytest.approx(13.0)
    factor = 6.5 / (13 + 1e-6)
    torch.testing.assert_close(a.grad, torch.tensor([3.0, 4.0]) * factor)
    torch.testing.assert_close(b.grad, torch.tensor([12.0]) * factor)
    assert clip_grad_norm([torch.zeros(3, requires_grad=True)], 1.0).item() == 0.0   # no gradients at all
