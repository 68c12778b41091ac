"""Optimizers against torch.optim step for step, and gradient descent against closed forms.

Every optimizer of dlbook.optim runs 100 steps next to its torch.optim twin, from the
same float64 parameters on the same data, over a grid of hyperparameters; after
every step the parameters must agree to TOL. The largest deviation seen per
optimizer is printed at the end of the module (``pytest -s tests/test_optim.py``).
"""

import itertools
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.optim import descent as D
from dlbook.optim import optimizers as O
from support import deviation_report

TOL = 1e-6       # what the tests allow: |w_ours - w_torch| <= TOL after every step
STEPS = 100
WORST: dict[str, float] = {}  # what the tests see: the largest deviation per optimizer


one_thread_and_report = deviation_report(WORST, f"largest |w_dlbook - w_torch| over {STEPS} steps (tests allow {TOL:g})")


# Two small deterministic problems with float64 parameters: a convex one (linear
# regression, two outputs) and a non-convex one (a tanh network), the second with a
# parameter that never gets a gradient (an optimizer must leave it alone).
_gen = torch.Generator().manual_seed(0)
X = torch.randn(24, 3, generator=_gen, dtype=torch.float64)
Y = torch.sin(X @ torch.tensor([[1.0, -2.0], [0.5, 1.0], [-1.5, 0.3]], dtype=torch.float64))


def linear_problem():
    g = torch.Generator().manual_seed(1)
    params = [torch.randn(3, 2, generator=g, dtype=torch.float64),
              torch.randn(2, generator=g, dtype=torch.float64)]

    def loss(W, b):
        return ((X @ W + b - Y) ** 2).mean()
    return params, loss


def network_problem():
    g = torch.Generator().manual_seed(2)
    params = [torch.randn(3, 5, generator=g, dtype=torch.float64),
              torch.randn(5, generator=g, dtype=torch.float64),
              torch.randn(5, 2, generator=g, dtype=torch.float64) / 2,
              torch.randn(4, generator=g, dtype=torch.float64)]   # unused

    def loss(W_1, b_1, W_2, _unused):
        return ((torch.tanh(X @ W_1 + b_1) @ W_2 - Y) ** 2).mean()
    return params, loss


def run(make_optimizer, problem, steps=STEPS):
    """The parameters after every step, and the losses before the first and after the last."""
    init, loss = problem()
    params = [p.clone().requires_grad_(True) for p in init]
    optimizer = make_optimizer(params)
    history = []
    first = loss(*params).item()
    for _ in range(steps):
        optimizer.zero_grad()
        loss(*params).backward()
        optimizer.step()
        history.append([p.detach().clone() for p in params])
    return history, first, loss(*params).item(), init


def deviation(name, kwargs, steps=STEPS, require_progress=True):
    """Largest |ours - torch| over every step, parameter and problem."""
    worst = 0.0
    for problem in (linear_problem, network_problem):
        ours, first, last, init = run(lambda ps: O.OPTIMIZERS[name](ps, **kwargs), problem, steps)
        theirs, *_ = run(lambda ps: getattr(torch.optim, name)(ps, **kwargs), problem, steps)
        for mine, ref in zip(ours, theirs):
            worst = max(worst, max((a - b).abs().max().item() for a, b in zip(mine, ref)))
        if require_progress:  # a grid setting that diverges would prove little
            assert last < first, f"{name}{kwargs} did not reduce the loss"
        if problem is network_problem:  # the parameter without a gradient never moves
            assert torch.equal(ours[-1][-1], init[-1])
    WORST[name] = max(WORST.get(name, 0.0), worst)
    return worst


def grid(**axes):
    return [dict(zip(axes, values)) for values in itertools.product(*axes.values())]


# (momentum, nesterov, dampening): plain, heavy ball, Nesterov, dampened heavy ball
SGD_GRID = [dict(lr=lr, momentum=mu, nesterov=nesterov, dampening=dampening, weight_decay=wd)
            for lr in [0.01, 0.1] for wd in [0.0, 0.01]
            for mu, nesterov, dampening in [(0.0, False, 0.0), (0.5, False, 0.0), (0.9, False, 0.0),
                                            (0.5, True, 0.0), (0.9, True, 0.0), (0.9, False, 0.3)]]
GRIDS = {
    "SGD": SGD_GRID,
    "Adagrad": grid(lr=[0.05, 0.5], lr_decay=[0.0, 0.01], weight_decay=[0.0, 0.05],
                    initial_accumulator_value=[0.0, 0.5], eps=[1e-10, 1e-3]),
    "Adadelta": grid(lr=[1.0, 0.3], rho=[0.9, 0.5], eps=[1e-6, 1e-3], weight_decay=[0.0, 0.05]),
    "RMSprop": grid(lr=[0.004, 0.001], alpha=[0.99, 0.9], momentum=[0.0, 0.9],
                    centered=[False, True], weight_decay=[0.0, 0.05])
    + grid(lr=[0.004], alpha=[0.99], eps=[1e-3], momentum=[0.0, 0.9], centered=[False, True]),
    "Adam": grid(lr=[0.001, 0.01], betas=[(0.9, 0.999), (0.5, 0.9), (0.0, 0.99)],
                 eps=[1e-8, 1e-3], weight_decay=[0.0, 0.05]),
    "AdamW": grid(lr=[0.001, 0.01], betas=[(0.9, 0.999), (0.5, 0.9)], eps=[1e-8, 1e-3],
                  weight_decay=[0.0, 0.01, 0.1]),
}
CASES = [(name, kw) for name, kws in GRIDS.items() for kw in kws]


@pytest.mark.parametrize("name, kwargs", CASES,
                         ids=[f"{n}-{'-'.join(f'{k}={v}' for k, v in kw.items())}" for n, kw in CASES])
def test_tracks_torch_step_for_step(name, kwargs):
    assert deviation(name, kwargs) <= TOL


@given(name=st.sampled_from(sorted(O.OPTIMIZERS)), lr=st.floats(1e-4, 0.05),
       beta=st.floats(0.0, 0.95), beta_2=st.floats(0.5, 0.9999), eps=st.floats(1e-10, 1e-2),
       weight_decay=st.floats(0.0, 0.1), flag=st.booleans())
@settings(max_examples=40, deadline=None)
def test_tracks_torch_for_random_hyperparameters(name, lr, beta, beta_2, eps, weight_decay, flag):
    kwargs = {
        "SGD": dict(lr=lr, momentum=beta, nesterov=flag and beta > 0, weight_decay=weight_decay),
        "Adagrad": dict(lr=10 * lr, eps=eps, weight_decay=weight_decay),
        "Adadelta": dict(lr=1.0, rho=beta_2, eps=eps, weight_decay=weight_decay),
        "RMSprop": dict(lr=lr / 5, alpha=beta_2, eps=eps, momentum=beta, centered=flag,
                        weight_decay=weight_decay),
        "Adam": dict(lr=lr, betas=(beta, beta_2), eps=eps, weight_decay=weight_decay),
        "AdamW": dict(lr=lr, betas=(beta, beta_2), eps=eps, weight_decay=weight_decay),
    }[name]
    assert deviation(name, kwargs, steps=30, require_progress=False) <= TOL


def test_the_larger_deviations_are_torchs_own_rounding_sensitivity():
    """Where the runs differ by more than ~1e-12, the difference is rounding amplified by
    the dynamics, not a different algorithm: torch against itself, started from
    parameters perturbed by one part in 10^15, drifts apart at least as far."""
    for name, kwargs in [("Adam", dict(lr=0.01, betas=(0.0, 0.99))),
                         ("Adadelta", dict(lr=1.0, rho=0.9, eps=1e-3))]:
        ours = deviation(name, kwargs)
        torch_vs_torch = 0.0
        for problem in (linear_problem, network_problem):
            def nudged(problem=problem):
                init, loss = problem()
                return [p * (1 + 1e-15) for p in init], loss
            a, *_ = run(lambda ps: getattr(torch.optim, name)(ps, **kwargs), problem)
            b, *_ = run(lambda ps: getattr(torch.optim, name)(ps, **kwargs), nudged)
            torch_vs_torch = max(torch_vs_torch, max((x - y).abs().max().item()
                                                     for s, r in zip(a, b) for x, y in zip(s, r)))
        assert 1e-12 < ours <= TOL and torch_vs_torch > ours / 10


def test_every_torch_default_is_the_same():
    """Built with defaults only (lr where torch requires one), both give the same run."""
    for name in O.OPTIMIZERS:
        kwargs = {"lr": 0.05} if name == "SGD" else {}
        assert deviation(name, kwargs) <= TOL


# --- closed forms and hand-computed steps ---------------------------------------------

def one_step(optimizer_class, g, **kwargs):
    w = torch.zeros_like(g, requires_grad=True)
    opt = optimizer_class([w], **kwargs)
    w.grad = g.clone()
    opt.step()
    return w.detach()


def test_first_adam_and_adagrad_steps_have_size_lr():
    """With bias correction m_hat = g and v_hat = g^2 at t = 1, so Adam's first step is
    -lr g / (|g| + eps): lr times the sign of g, whatever the size of g. Adagrad too."""
    g = torch.tensor([[3.0, -1e-3], [-250.0, 0.5]], dtype=torch.float64)
    for cls, kw in [(O.Adam, dict(lr=0.1, betas=(0.9, 0.999))), (O.Adam, dict(lr=0.1, betas=(0.0, 0.5))),
                    (O.Adagrad, dict(lr=0.1))]:
        eps = kw.get("eps", 1e-8 if cls is O.Adam else 1e-10)
        np.testing.assert_allclose(one_step(cls, g, **kw), -0.1 * g / (g.abs() + eps), rtol=1e-12)


def test_rmsprop_and_adadelta_first_steps_by_hand():
    g = torch.tensor([2.0, -0.5], dtype=torch.float64)
    # s_1 = (1 - alpha) g^2, so the step is lr g / (sqrt(1 - alpha) |g| + eps)
    np.testing.assert_allclose(one_step(O.RMSprop, g, lr=0.01, alpha=0.9, eps=0.0),
                               -0.01 * torch.sign(g) / math.sqrt(0.1), rtol=1e-12)
    # u_0 = 0: Delta_1 = sqrt(eps) / sqrt((1 - rho) g^2 + eps) g
    rho, eps = 0.9, 1e-6
    expected = -math.sqrt(eps) / torch.sqrt((1 - rho) * g**2 + eps) * g
    np.testing.assert_allclose(one_step(O.Adadelta, g, rho=rho, eps=eps), expected, rtol=1e-12)


def test_momentum_on_a_constant_gradient_is_a_geometric_series():
    """v_1 = g, v_k = mu v_{k-1} + g = g (1 - mu^k) / (1 - mu): the step grows to lr g / (1 - mu)."""
    g, mu, lr = torch.tensor([1.0, -2.0], dtype=torch.float64), 0.9, 0.1
    w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    opt = O.SGD([w], lr=lr, momentum=mu)
    for k in range(1, 31):
        before = w.detach().clone()
        w.grad = g.clone()
        opt.step()
        np.testing.assert_allclose(before - w.detach(), lr * g * (1 - mu**k) / (1 - mu), rtol=1e-12)


def test_nesterov_looks_ahead_by_one_velocity():
    g, mu, lr = torch.tensor([1.0, -2.0], dtype=torch.float64), 0.5, 0.1
    w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    opt = O.SGD([w], lr=lr, momentum=mu, nesterov=True)
    for step_size in [lr * (1 + mu) * g, lr * (1 + mu * 1.5) * g]:  # v_1 = g, v_2 = 1.5 g
        before = w.detach().clone()
        w.grad = g.clone()
        opt.step()
        np.testing.assert_allclose(before - w.detach(), step_size, rtol=1e-12)


def test_adamw_decays_the_weights_outside_the_adaptive_step():
    """With a zero gradient Adam's step is 0, so AdamW only shrinks: w <- (1 - lr lambda) w."""
    w = torch.tensor([1.0, -3.0], dtype=torch.float64, requires_grad=True)
    opt = O.AdamW([w], lr=0.1, weight_decay=0.5)
    for k in range(1, 4):
        w.grad = torch.zeros(2, dtype=torch.float64)
        opt.step()
        np.testing.assert_allclose(w.detach(), (1 - 0.05) ** k * np.array([1.0, -3.0]), rtol=1e-12)


def test_zero_grad_clears_and_step_skips_parameters_without_gradient():
    a = torch.ones(2, requires_grad=True)
    b = torch.ones(3, requires_grad=True)
    opt = O.Adam([a, b], lr=0.1)
    (a**2).sum().backward()
    opt.step()
    assert torch.equal(b.detach(), torch.ones(3)) and opt.state[1] == {}
    assert not torch.equal(a.detach(), torch.ones(2)) and opt.state[0]["t"] == 1
    opt.zero_grad()
    assert a.grad is None and b.grad is None


def test_bad_hyperparameters_are_clear_errors():
    w = [torch.zeros(1, requires_grad=True)]
    with pytest.raises(ValueError, match="empty"):
        O.SGD([], lr=0.1)
    with pytest.raises(ValueError, match=">= 0"):
        O.SGD(w, lr=-0.1)
    with pytest.raises(ValueError, match="Nesterov"):
        O.SGD(w, lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="betas"):
        O.Adam(w, betas=(0.9, 1.0))


# --- the numpy loops --------------------------------------------------------------------

@given(lam=st.floats(0.1, 10.0), eta=st.floats(0.001, 0.5), w=st.floats(-5, 5),
       steps=st.integers(1, 40))
@settings(max_examples=60, deadline=None)
def test_gradient_descent_on_a_quadratic_is_geometric(lam, eta, w, steps):
    """J(w) = lam w^2 / 2: w_k = (1 - eta lam)^k w_0, shrinking iff |1 - eta lam| < 1."""
    path = D.gradient_descent(lambda v: lam * v, np.array([w]), eta, steps)
    expected = (1 - eta * lam) ** np.arange(steps + 1) * w
    np.testing.assert_allclose(path[:, 0], expected, rtol=1e-9, atol=1e-12)


def test_gradient_descent_diverges_above_two_over_lambda():
    lam = np.array([1.0, 10.0])                         # J(w) = (w_1^2 + 10 w_2^2) / 2
    grad = lambda w: lam * w
    w_0 = np.array([1.0, 1.0])
    assert np.abs(D.gradient_descent(grad, w_0, 0.19, 200)[-1]).max() < 1e-3
    assert np.abs(D.gradient_descent(grad, w_0, 0.21, 200)[-1, 1]) > 1e3


def _linear_regression(n=30, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = X @ np.array([2.0, -1.0]) + 0.5 + 0.1 * rng.normal(size=n)
    Xb = np.column_stack([np.ones(n), X])  # w_0 as the weight of a constant input

    def grad_J(w, X_B, y_B):  # J = mean (x^T w - y)^2 over the batch
        Xb_B = np.column_stack([np.ones(len(X_B)), X_B])
        return 2 * Xb_B.T @ (Xb_B @ w - y_B) / len(y_B)
    return X, y, Xb, grad_J


def test_full_batch_sgd_is_gradient_descent():
    X, y, _, grad_J = _linear_regression()
    w_0 = np.zeros(3)
    full = D.minibatch_sgd(grad_J, w_0, X, y, eta=0.1, batch_size=len(y), epochs=25,
                           rng=np.random.default_rng(0))
    gd = D.gradient_descent(lambda w: grad_J(w, X, y), w_0, 0.1, 25)
    np.testing.assert_allclose(full, gd, rtol=1e-12)


@pytest.mark.parametrize("batch_size", [1, 4, 7, 30])
def test_minibatch_sgd_steps_per_epoch_and_convergence(batch_size):
    X, y, Xb, grad_J = _linear_regression()
    epochs = 300 if batch_size == 30 else 20  # full batch: one step per epoch
    path = D.minibatch_sgd(grad_J, np.zeros(3), X, y, eta=0.05, batch_size=batch_size,
                           epochs=epochs, rng=np.random.default_rng(1))
    assert path.shape == (1 + epochs * math.ceil(30 / batch_size), 3)
    w_star = np.linalg.lstsq(Xb, y, rcond=None)[0]
    assert np.abs(path[-1] - w_star).max() < 0.05


def test_minibatch_sgd_matches_torch_sgd_on_the_same_batches():
    """Same batches (same seed), same update: our numpy loop equals torch.optim.SGD."""
    from dlbook.data.batching import batches
    X, y, _, grad_J = _linear_regression(n=13)
    path = D.minibatch_sgd(grad_J, np.zeros(3), X, y, eta=0.07, batch_size=4, epochs=3,
                           rng=np.random.default_rng(5))
    w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.07)
    rng = np.random.default_rng(5)
    for _ in range(3):
        for X_B, y_B in batches(torch.tensor(X), torch.tensor(y), 4, rng=rng):
            opt.zero_grad()
            ((w[0] + X_B @ w[1:] - y_B) ** 2).mean().backward()
            opt.step()
    np.testing.assert_allclose(path[-1], w.detach().numpy(), rtol=1e-12)


def test_minimize_is_the_torch_training_loop():
    def J(w):  # Rosenbrock's banana valley
        return (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2
    w_0 = torch.tensor([-1.0, 1.5], dtype=torch.float64)
    ours = D.minimize(J, w_0, lambda ps: O.Adam(ps, lr=0.05), 300)
    theirs = D.minimize(J, w_0, lambda ps: torch.optim.Adam(ps, lr=0.05), 300)
    assert ours.shape == (301, 2) and np.array_equal(ours[0], w_0.numpy())
    np.testing.assert_allclose(ours, theirs, atol=TOL)
    assert J(torch.tensor(ours[-1])) < 0.1 * J(w_0)
