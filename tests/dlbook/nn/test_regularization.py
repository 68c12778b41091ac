"""Dropout against torch.nn.Dropout, and weight decay against the L2 penalty's gradient."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.nn.regularization import Dropout, dropout, l2_penalty


@pytest.mark.parametrize("p", [0.0, 0.3, 0.5, 1.0])
def test_eval_mode_is_the_identity_like_torch(p):
    x = torch.randn(4, 7, 3)
    ours, theirs = Dropout(p).eval(), torch.nn.Dropout(p).eval()
    assert torch.equal(ours(x), x) and torch.equal(theirs(x), x)
    assert torch.equal(dropout(x, p, training=False), x)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_training_mode_statistics(p):
    n = 200_000
    x = torch.rand(n, dtype=torch.float64) + 0.5  # nonzero, so a zero means dropped
    out = dropout(x, p, training=True, generator=torch.Generator().manual_seed(0))
    dropped = out == 0
    # The dropped fraction is Binomial(n, p) / n: within 5 standard deviations of p.
    assert abs(dropped.double().mean().item() - p) < 5 * np.sqrt(p * (1 - p) / n)
    # Every kept value is exactly x / (1 - p): inverted dropout scales at training time.
    assert torch.equal(out[~dropped], x[~dropped] / (1 - p))
    # E[out] = x: the mean is preserved (sd of the mean ~ sqrt(p / (1 - p) / n)).
    assert abs(out.mean().item() - x.mean().item()) < 5 * x.max().item() * np.sqrt(p / (1 - p) / n)
    # torch.nn.Dropout does the same: its kept values are x / (1 - p) too.
    theirs = torch.nn.Dropout(p).train()(x)
    kept = theirs != 0
    assert torch.allclose(theirs[kept], x[kept] / (1 - p), rtol=1e-15, atol=0)
    assert abs(kept.double().mean().item() - (1 - p)) < 5 * np.sqrt(p * (1 - p) / n)


def test_edge_probabilities():
    x = torch.randn(50, 20)
    assert torch.equal(dropout(x, 0.0), x)  # p = 0 keeps everything, unscaled
    out = dropout(x, 1.0)
    assert torch.equal(out, torch.zeros_like(x)) and not out.isnan().any()  # no 0 * inf
    assert torch.equal(torch.nn.Dropout(1.0).train()(x), out)
    for p in (-0.1, 1.5):
        with pytest.raises(ValueError, match="in \\[0, 1\\]"):
            dropout(x, p)
        with pytest.raises(ValueError, match="in \\[0, 1\\]"):
            Dropout(p)


@given(shape=st.lists(st.integers(1, 6), min_size=1, max_size=3), p=st.floats(0.05, 0.95),
       seed=st.integers(0, 10**6))
@settings(max_examples=50, deadline=None)
def test_every_entry_is_dropped_or_scaled(shape, p, seed):
    x = torch.rand(*shape, dtype=torch.float64) + 1.0
    out = dropout(x, p, generator=torch.Generator().manual_seed(seed))
    assert out.shape == x.shape
    assert torch.all((out == 0) | (out == x / (1 - p)))
    again = dropout(x, p, generator=torch.Generator().manual_seed(seed))
    assert torch.equal(out, again)  # a seeded generator makes the mask reproducible


def test_gradient_is_the_scaled_mask():
    x = (torch.rand(6, 5, dtype=torch.float64) + 1.0).requires_grad_()
    p = 0.4
    out = dropout(x, p, generator=torch.Generator().manual_seed(3))
    upstream = torch.randn(6, 5, dtype=torch.float64)
    out.backward(upstream)
    mask = (out != 0).double() / (1 - p)
    assert torch.equal(x.grad, upstream * mask)  # a dropped unit passes no gradient back


def test_layer_follows_train_and_eval_mode():
    net = torch.nn.Sequential(torch.nn.Linear(3, 100), Dropout(0.5))
    x = torch.randn(8, 3)
    net.train()
    assert (net(x) == 0).double().mean() > 0.3
    net.eval()
    assert torch.equal(net(x), net[0](x))
    assert repr(net[1]) == "Dropout(p=0.5)"


def test_l2_penalty_by_hand():
    model = torch.nn.Linear(2, 1)
    with torch.no_grad():
        model.weight.copy_(torch.tensor([[3.0, -1.0]]))
        model.bias.fill_(2.0)
    penalty = l2_penalty(model)
    assert penalty.item() == 9.0 + 1.0 + 4.0
    penalty.backward()  # d ||w||^2 / dw = 2 w
    assert torch.equal(model.weight.grad, torch.tensor([[6.0, -2.0]]))
    assert torch.equal(model.bias.grad, torch.tensor([4.0]))


def _model(seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(),
                               torch.nn.Linear(5, 2)).double()


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_weight_decay_is_the_l2_penalty_gradient(momentum):
    g = torch.Generator().manual_seed(1)
    X, Y = torch.randn(10, 3, generator=g, dtype=torch.float64), torch.randn(10, 2, generator=g,
                                                                               dtype=torch.float64)
    lr, lam = 0.1, 0.05
    decayed, penalised = _model(), _model()
    opt_a = torch.optim.SGD(decayed.parameters(), lr=lr, momentum=momentum, weight_decay=lam)
    opt_b = torch.optim.SGD(penalised.parameters(), lr=lr, momentum=momentum)
    mse = torch.nn.functional.mse_loss
    for _ in range(20):
        opt_a.zero_grad()
        mse(decayed(X), Y).backward()
        opt_a.step()
        opt_b.zero_grad()
        (mse(penalised(X), Y) + lam / 2 * l2_penalty(penalised)).backward()  # J + (lambda/2)||w||^2
        opt_b.step()
    for a, b in zip(decayed.parameters(), penalised.parameters()):
        torch.testing.assert_close(a, b, rtol=1e-12, atol=1e-14)


def test_one_decayed_step_shrinks_then_steps():
    """w <- w - eta (g + lambda w) = (1 - eta lambda) w - eta g, by hand."""
    model = torch.nn.Linear(2, 1, bias=False, dtype=torch.float64)
    with torch.no_grad():
        model.weight.copy_(torch.tensor([[2.0, -4.0]]))
    x, y = torch.tensor([[1.0, 0.5]], dtype=torch.float64), torch.tensor([[1.0]], dtype=torch.float64)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=0.5)
    loss = ((model(x) - y) ** 2).sum()  # y_hat = 2 - 2 = 0, so dJ/dw = 2 (0 - 1) x = (-2, -1)
    loss.backward()
    opt.step()
    expected = torch.tensor([[(1 - 0.1 * 0.5) * 2.0 - 0.1 * -2.0,
                              (1 - 0.1 * 0.5) * -4.0 - 0.1 * -1.0]], dtype=torch.float64)
    torch.testing.assert_close(model.weight, expected, rtol=1e-15, atol=1e-15)
