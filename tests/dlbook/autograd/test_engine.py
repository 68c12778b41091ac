"""The scalar engine against torch.autograd: every operation, whole expressions, the MLP."""

import math

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dlbook.autograd.engine import Value, topological_order
from dlbook.autograd.mlp import MLP, logistic_loss, mean_loss, training_step

real = st.floats(-5, 5, allow_nan=False)
positive = st.floats(0.05, 20, allow_nan=False)   # the domain of log and of a ** (float p)


def t(x: float) -> torch.Tensor:
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)


def close(value: float, expected, rtol: float = 1e-10, atol: float = 1e-12) -> None:
    expected = float(expected)
    assert math.isclose(value, expected, rel_tol=rtol, abs_tol=atol), (value, expected)


# (name, Value op, torch op, strategy for the input)
UNARY = [
    ("neg", lambda a: -a, lambda a: -a, real),
    ("exp", Value.exp, torch.exp, real),
    ("log", Value.log, torch.log, positive),
    ("tanh", Value.tanh, torch.tanh, real),
    ("sigmoid", Value.sigmoid, torch.sigmoid, st.floats(-40, 40)),
    ("relu", Value.relu, torch.relu, real),
    ("square", lambda a: a ** 2, lambda a: a ** 2, real),
    ("cube", lambda a: a ** 3, lambda a: a ** 3, real),
    ("sqrt", lambda a: a ** 0.5, torch.sqrt, positive),
    ("pow -1.5", lambda a: a ** -1.5, lambda a: a ** -1.5, positive),
    ("constant first", lambda a: 3.0 - a / 2.0 + 2.0 * a + 1.0 / a, lambda a: 3.0 - a / 2.0 + 2.0 * a + 1.0 / a,
     positive),
]


@pytest.mark.parametrize("name, op, torch_op, domain", UNARY, ids=[u[0] for u in UNARY])
@given(data=st.data())
@settings(max_examples=40, deadline=None)
def test_unary_ops_match_torch(name, op, torch_op, domain, data):
    x = data.draw(domain)
    if name == "relu":
        assume(abs(x) > 1e-9)  # both use 0 at the kink, but stay clear of it
    a = Value(x)
    out = op(a)
    out.backward()
    ta = t(x)
    tout = torch_op(ta)
    tout.backward()
    close(out.data, tout.item())
    close(a.grad, ta.grad.item())


BINARY = [
    ("add", lambda a, b: a + b),
    ("sub", lambda a, b: a - b),
    ("mul", lambda a, b: a * b),
    ("div", lambda a, b: a / b),
]


@pytest.mark.parametrize("name, op", BINARY, ids=[b[0] for b in BINARY])
@given(x=real, y=real)
@settings(max_examples=40, deadline=None)
def test_binary_ops_match_torch(name, op, x, y):
    if name == "div":
        assume(abs(y) > 0.1)
    a, b = Value(x), Value(y)
    out = op(a, b)
    out.backward()
    ta, tb = t(x), t(y)
    tout = op(ta, tb)
    tout.backward()
    close(out.data, tout.item())
    close(a.grad, ta.grad.item())
    close(b.grad, tb.grad.item())


def expression(a, b, c, ops):
    """One expression for both engines; every input is used more than once."""
    e = a * b + c.exp()                         # a, b, c all feed several nodes below
    f = ops["tanh"](e) * a - b / (1.0 + c * c)
    g = ops["sigmoid"](f - a) + ops["log"](a * a + 1.0) * ops["relu"](b + 3.0)
    return g * g - e / 4.0 + (f + 2.0) ** 3


VALUE_OPS = {"tanh": Value.tanh, "sigmoid": Value.sigmoid, "log": Value.log, "relu": Value.relu}
TORCH_OPS = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "log": torch.log, "relu": torch.relu}


@given(x=st.floats(-2, 2), y=st.floats(-2, 2), z=st.floats(-2, 2))
@settings(max_examples=60, deadline=None)
def test_whole_expression_matches_torch(x, y, z):
    assume(abs(y + 3.0) > 1e-6)
    a, b, c = Value(x), Value(y), Value(z)
    out = expression(a, b, c, VALUE_OPS)
    out.backward()
    ta, tb, tc = t(x), t(y), t(z)
    tout = expression(ta, tb, tc, TORCH_OPS)
    tout.backward()
    close(out.data, tout.item(), rtol=1e-10)
    for v, tv in [(a, ta), (b, tb), (c, tc)]:
        close(v.grad, tv.grad.item(), rtol=1e-9, atol=1e-10)


def test_hand_computed_graph():
    # f = (a b + a) with a = 2, b = -3: df/da = b + 1 = -2, df/db = a = 2
    a, b = Value(2.0), Value(-3.0)
    f = a * b + a
    f.backward()
    assert (f.data, a.grad, b.grad) == (-4.0, -2.0, 2.0)


def test_a_value_used_twice_gets_both_contributions():
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0          # overwriting (=) instead of accumulating (+=) gives 1
    b = Value(3.0)
    (b * b).backward()
    assert b.grad == 6.0


def test_backward_twice_accumulates_like_torch():
    a = Value(1.5)
    out = a * a
    out.backward()
    out.backward()
    ta = t(1.5)
    tout = ta * ta
    tout.backward(retain_graph=True)
    tout.backward()
    assert a.grad == ta.grad.item() == 6.0


def test_topological_order_lists_inputs_first_and_each_node_once():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert order[-1] is e and len(order) == len({id(v) for v in order}) == 5
    position = {id(v): i for i, v in enumerate(order)}
    for v in order:
        assert all(position[id(child)] < position[id(v)] for child in v._prev)


def test_long_chain_does_not_recurse():
    x = Value(0.5)
    y = x
    for _ in range(5000):  # deeper than Python's default recursion limit
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0


def test_extreme_sigmoid_and_domain_errors():
    assert Value(-1000.0).sigmoid().data == 0.0 and Value(1000.0).sigmoid().data == 1.0
    with pytest.raises(ValueError):
        Value(0.0).log()
    with pytest.raises(TypeError):
        Value(2.0) ** Value(3.0)


@given(z=st.floats(-30, 30), y=st.sampled_from([0.0, 1.0]))
@settings(max_examples=40, deadline=None)
def test_logistic_loss_is_bce_with_logits(z, y):
    v = Value(z)
    loss = logistic_loss(v, y)
    loss.backward()
    tz = t(z)
    tloss = torch.nn.functional.binary_cross_entropy_with_logits(tz, torch.tensor(y, dtype=torch.float64))
    tloss.backward()
    close(loss.data, tloss.item(), rtol=1e-9, atol=1e-12)
    close(v.grad, tz.grad.item(), rtol=1e-9, atol=1e-12)  # sigma(z) - y


def torch_copy(model: MLP) -> torch.nn.Sequential:
    modules = []
    for l, layer in enumerate(model.layers):
        lin = torch.nn.Linear(len(layer.neurons[0].w), len(layer.neurons), dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.tensor([[w.data for w in n.w] for n in layer.neurons], dtype=torch.float64))
            lin.bias.copy_(torch.tensor([n.w_0.data for n in layer.neurons], dtype=torch.float64))
        modules.append(lin)
        if l < len(model.layers) - 1:
            modules.append(torch.nn.Tanh())
    return torch.nn.Sequential(*modules)


def test_mlp_structure():
    model = MLP([2, 4, 3, 1], seed=0)
    assert len(model.parameters()) == (2 + 1) * 4 + (4 + 1) * 3 + (3 + 1) * 1
    assert [n.nonlinear for layer in model.layers for n in layer.neurons[:1]] == [True, True, False]


@given(seed=st.integers(0, 1000), n=st.integers(1, 6))
@settings(max_examples=15, deadline=None)
def test_mlp_loss_and_gradients_match_torch(seed, n):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(n, 3)), rng.integers(0, 2, size=n).astype(float)
    model = MLP([3, 4, 3, 1], seed=seed)
    for p in model.parameters():  # random biases too, so no gradient is trivially 0
        p.data = float(rng.normal())
    J = mean_loss(model, X.tolist(), y.tolist())
    J.backward()
    net = torch_copy(model)
    tJ = torch.nn.functional.binary_cross_entropy_with_logits(net(torch.tensor(X))[:, 0], torch.tensor(y))
    tJ.backward()
    close(J.data, tJ.item(), rtol=1e-10)
    for layer, lin in zip(model.layers, [m for m in net if isinstance(m, torch.nn.Linear)]):
        np.testing.assert_allclose([[w.grad for w in n.w] for n in layer.neurons], lin.weight.grad.numpy(),
                                   rtol=1e-8, atol=1e-12)
        np.testing.assert_allclose([n.w_0.grad for n in layer.neurons], lin.bias.grad.numpy(),
                                   rtol=1e-8, atol=1e-12)


def test_training_steps_learn_xor():
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    y = [0.0, 1.0, 1.0, 0.0]
    model = MLP([2, 4, 1], seed=1)
    losses = [training_step(model, X, y, eta=0.5) for _ in range(300)]
    assert losses[-1] < 0.1 * losses[0]
    assert [float(model(x)[0].data > 0) for x in X] == y


def test_training_step_zeroes_the_gradients_first():
    X, y = [[0.5, -1.0], [1.0, 2.0]], [1.0, 0.0]
    model = MLP([2, 3, 1], seed=4)
    training_step(model, X, y, eta=0.0)  # eta = 0: the weights stay, only grads are left
    first = [p.grad for p in model.parameters()]
    training_step(model, X, y, eta=0.0)
    assert [p.grad for p in model.parameters()] == first  # not doubled
