# %% [raw]
# # ASSIGNMENT CONFIG
# name: ch02-perceptron
# export_cell: false
# tests:
#   files: true
#   ok_format: false

# %% [markdown]
# # Chapter 2 exercises: the perceptron
#
# Fill in every `...`, run the notebook top to bottom, and check each answer with
# `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch02-perceptron.ipynb` checks them all.
#
# Write your answers with **numpy** (and Python's `math`), **without importing
# `dlbook`**: the book's package is not installed where your notebook is
# self-checked and graded, so `import dlbook` fails there. None of the questions
# asks you to retype the chapter's code; each one uses an idea of the chapter in a
# new way.
#
# The checks in this notebook are the public tests. Your submission is also graded
# on hidden tests with inputs you never see (other shapes, batch sizes, values,
# extreme values), so write code that is right for every input, not just for the
# examples. No function may modify the arrays it is given (the tests check).
#
# Questions 1 and 3 ask for code. **Questions 2, 4, 5, 6 and 7 ask you to reason**:
# find the bugs in a given function (2), derive a formula (4), design a network's
# weights by hand (5 and 6), and predict two numbers before computing anything (7).
# Their titles say which kind they are.
#
# Conventions, as in the chapter: a batch of $n$ examples is a matrix $X$ of shape
# $(n, d)$, one example per row; a layer with $d_\text{in}$ inputs and
# $d_\text{out}$ units has weights $W$ of shape $(d_\text{in}, d_\text{out})$ and
# biases $b$ of shape $(d_\text{out},)$, and computes $Z = XW + b$, $A = g(Z)$.
# Rosenblatt's step is $\mathrm{step}(z) = 1$ if $z \ge 0$, else $0$.

# %%
import math

import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (code: a new activation and its derivative).** The *SiLU* (or
# *swish*) activation, used in many recent networks, multiplies its input by the
# sigmoid of the chapter:
#
# $$\operatorname{silu}(z) = z\,\sigma(z), \qquad \sigma(z) = \frac{1}{1 + e^{-z}}.$$
#
# Write `silu(z)` and its derivative `silu_grad(z)` $= \frac{d}{dz}\operatorname{silu}(z)$
# (use the product rule and the chapter's $\sigma'(z)$). Both work element-wise on
# a number or a numpy array of any shape and return an array of that shape.
# Both must be accurate and must not overflow for any real $z$, however large:
# the tests call them under `np.errstate(over="raise", invalid="raise",
# divide="raise")` at $z = \pm 1000$, where $e^{1000}$ does not exist in float64.

# %% [raw]
# # BEGIN SOLUTION

# %%
def silu(z):
    z = np.asarray(z, dtype=float)
    # BEGIN SOLUTION
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return z * s
    # END SOLUTION


def silu_grad(z):
    z = np.asarray(z, dtype=float)
    # BEGIN SOLUTION
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return s + z * s * (1 - s)  # sigma(z) + z sigma'(z)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  silu(z) = z sigma(z): silu([-2, 0, 0.5, 3]) = [-0.2384, 0, 0.3112, 2.8577]. Values
  for z and -z swapped or mirrored mean the sign of the exponent is wrong (sigma(z)
  = 1 / (1 + e^(-z))); a positive silu(-2) means the sign of z was lost in a
  'stable' branch (e^(-|z|) is only half the story: for z < 0, sigma(z) = e^z / (1 + e^z)).
""" # END TEST CONFIG
def test_silu_values(silu):
    import math
    import numpy as np
    z = [-2.0, 0.0, 0.5, 3.0]
    out = np.asarray(silu(np.array(z)))
    expected = [v / (1 + math.exp(-v)) for v in z]
    assert out.shape == (4,), f"shape {out.shape}, expected (4,)"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"silu({z}) = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  silu_grad(z) = sigma(z) + z sigma'(z) = sigma(z) (1 + z (1 - sigma(z))):
  silu_grad([-2, 0, 0.5, 3]) = [-0.0908, 0.5, 0.7400, 1.0881]. If you got sigma(z)
  ([0.1192, 0.5, 0.6225, 0.9526]) you dropped the z sigma'(z) term of the product
  rule; if silu_grad(0) = 0 you kept only z sigma'(z) and dropped sigma(z); a
  wrong sign on z (1 - sigma) gives values above 1 for z < 0.
""" # END TEST CONFIG
def test_silu_grad_values(silu_grad):
    import math
    import numpy as np
    z = [-2.0, 0.0, 0.5, 3.0]
    out = np.asarray(silu_grad(np.array(z)))
    h = 1e-6
    f = lambda v: v / (1 + math.exp(-v))
    expected = [(f(v + h) - f(v - h)) / (2 * h) for v in z]  # central differences
    assert out.shape == (4,), f"shape {out.shape}, expected (4,)"
    assert np.allclose(out, expected, rtol=1e-7, atol=1e-9), f"silu_grad({z}) = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  At z = [-1000, -700, 700, 1000] silu must be [0, 0, 700, 1000] (to within 1e-12)
  and silu_grad [0, 0, 1, 1], with no overflow. A FloatingPointError (overflow)
  means you exponentiated a large positive number: 1 / (1 + e^(-z)) needs e^1000 at
  z = -1000, and e^z / (1 + e^z) needs it at z = +1000. Only ever compute e^(-|z|).
""" # END TEST CONFIG
def test_silu_extreme(silu, silu_grad):
    import numpy as np
    z = np.array([-1000.0, -700.0, 700.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a = np.asarray(silu(z))
        g = np.asarray(silu_grad(z))
    assert a.shape == (4,) and g.shape == (4,), f"shapes {a.shape}, {g.shape}, expected (4,)"
    assert np.allclose(a, [0.0, 0.0, 700.0, 1000.0], rtol=1e-12, atol=1e-12), f"silu({z}) = {a}"
    assert np.allclose(g, [0.0, 0.0, 1.0, 1.0], rtol=1e-12, atol=1e-12), f"silu_grad({z}) = {g}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  silu or silu_grad is wrong on an unseen array of shape (3, 4, 2), on a plain
  number, or modifies its argument: silu = z sigma(z), silu_grad = sigma(z) (1 + z
  (1 - sigma(z))), element-wise, same shape as z.
""" # END TEST CONFIG
def test_silu_random(silu, silu_grad):
    import math
    import numpy as np
    z = np.random.default_rng(20240602).normal(0.0, 6.0, size=(3, 4, 2))
    z_copy = z.copy()

    def sig(v):  # sigma and 1 - sigma, each without cancellation
        if v >= 0:
            return 1 / (1 + math.exp(-v)), math.exp(-v) / (1 + math.exp(-v))
        return math.exp(v) / (1 + math.exp(v)), 1 / (1 + math.exp(v))

    a = np.asarray(silu(z))
    g = np.asarray(silu_grad(z))
    assert np.array_equal(z, z_copy), "silu or silu_grad modified its argument"
    assert a.shape == z.shape and g.shape == z.shape, f"shapes {a.shape}, {g.shape}, expected {z.shape}"
    exp_a = np.array([v * sig(v)[0] for v in z.ravel()]).reshape(z.shape)
    exp_g = np.array([sig(v)[0] + v * sig(v)[0] * sig(v)[1] for v in z.ravel()]).reshape(z.shape)
    assert np.allclose(a, exp_a, rtol=1e-9, atol=1e-12)
    assert np.allclose(g, exp_g, rtol=1e-9, atol=1e-12)
    assert np.shape(silu(1.5)) == () and abs(float(silu(1.5)) - 1.5 * sig(1.5)[0]) < 1e-12
    assert np.shape(silu_grad(-0.75)) == ()
    assert abs(float(silu_grad(-0.75)) - (sig(-0.75)[0] - 0.75 * sig(-0.75)[0] * sig(-0.75)[1])) < 1e-12

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  silu or silu_grad overflows or is wrong at unseen extreme inputs (such as -1e5,
  -900, 710, 1e5): only ever exponentiate -|z|.
""" # END TEST CONFIG
def test_silu_extreme_hidden(silu, silu_grad):
    import math
    import numpy as np
    z = np.array([-1e5, -900.0, -705.0, -50.0, 50.0, 705.0, 710.0, 1e5])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a = np.asarray(silu(z))
        g = np.asarray(silu_grad(z))
    e50 = math.exp(-50.0)
    exp_a = [0.0, 0.0, 0.0, -50 * e50 / (1 + e50), 50 / (1 + e50), 705.0, 710.0, 1e5]
    exp_g = [0.0, 0.0, 0.0, (e50 / (1 + e50)) * (1 - 50 / (1 + e50)), 1.0, 1.0, 1.0, 1.0]
    assert np.allclose(a, exp_a, rtol=1e-12, atol=1e-12), f"silu({z}) = {a}"
    assert np.allclose(g, exp_g, rtol=1e-12, atol=1e-12), f"silu_grad({z}) = {g}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (debug: the derivatives of the activations).** A colleague wrote the
# function below for the backward pass of chapter 4. It should return the slopes
# of the chapter's three activations at `z` (a number or an array of any shape),
# as a dict of arrays of the shape of `z`:
#
# - `"sigmoid"`: $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$;
# - `"tanh"`: $\tanh'(z) = 1 - \tanh^2(z)$;
# - `"relu"`: $\operatorname{ReLU}'(z) = 1$ if $z > 0$ else $0$, with $0$ at exactly
#   $z = 0$ (the chapter's convention, and PyTorch's).
#
# All three must be finite, and must not overflow, for every real $z$, however
# large (the tests run them under `np.errstate(over="raise", invalid="raise",
# divide="raise")`). The function has **three bugs**. Run it on a few values
# (try $z = -1000$, $0$, $0.5$, $3$), compare with the chapter's table and with
# finite differences, then write the corrected `activation_grads(z)` in the cell
# after it.

# %%
def buggy_activation_grads(z):
    z = np.asarray(z, dtype=float)
    return {
        "sigmoid": np.exp(-z) / (1 + np.exp(-z)) ** 2,
        "tanh": 1 - np.tanh(z),
        "relu": np.where(z > 0, z, 0.0),
    }

# %% [raw]
# # BEGIN SOLUTION

# %%
def activation_grads(z):
    z = np.asarray(z, dtype=float)
    # BEGIN SOLUTION
    e = np.exp(-np.abs(z))  # sigma' is even: sigma'(z) = e^{-|z|} / (1 + e^{-|z|})^2
    return {
        "sigmoid": e / (1 + e) ** 2,
        "tanh": 1 - np.tanh(z) ** 2,
        "relu": np.where(z > 0, 1.0, 0.0),
    }
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  grads['sigmoid'] must be sigma(z) (1 - sigma(z)): 0.25 at z = 0, 0.0452 at z = -3,
  and 0 (finite, no overflow) at z = -1000 and 1000. The given e^(-z) / (1 +
  e^(-z))^2 is right on paper, but at z = -1000 it computes e^1000 (overflow) and
  inf / inf = nan; computing sigma as 1 / (1 + e^(-z)) first overflows the same
  way. sigma'(z) is even, so e^(-|z|) / (1 + e^(-|z|))^2 never overflows.
""" # END TEST CONFIG
def test_grads_sigmoid(activation_grads):
    import math
    import numpy as np
    z = [-3.0, 0.0, 1.5]
    out = np.asarray(activation_grads(np.array(z))["sigmoid"])
    expected = [math.exp(-abs(v)) / (1 + math.exp(-abs(v))) ** 2 for v in z]
    assert out.shape == (3,) and np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"sigmoid' at {z}: {out}"
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        far = np.asarray(activation_grads(np.array([-1000.0, 1000.0]))["sigmoid"])
    assert far.shape == (2,) and np.all(far >= 0) and np.all(far < 1e-300), f"sigmoid' at [-1000, 1000]: {far}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  grads['tanh'] must be 1 - tanh(z)^2: 1 at z = 0, 0.7864 at z = 0.5, 0.0707 at
  z = 2, and 0 (finite) at z = +-800. 1 - tanh(z) (no square) gives 0.5379 at
  z = 0.5 and 2 at z = -800; 1 / cosh(z)^2 is right on paper but cosh(800)
  overflows.
""" # END TEST CONFIG
def test_grads_tanh(activation_grads):
    import math
    import numpy as np
    z = [-1.0, 0.0, 0.5, 2.0]
    out = np.asarray(activation_grads(np.array(z))["tanh"])
    expected = [4 / (math.exp(v) + math.exp(-v)) ** 2 for v in z]  # sech^2
    assert out.shape == (4,) and np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"tanh' at {z}: {out}"
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        far = np.asarray(activation_grads(np.array([-800.0, 800.0]))["tanh"])
    assert np.allclose(far, [0.0, 0.0], rtol=0, atol=1e-300), f"tanh' at [-800, 800]: {far}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  grads['relu'] is the slope of ReLU, 1 where z > 0 and 0 elsewhere:
  [0, 0, 1, 1] at z = [-1.5, 0, 0.5, 3]. Getting [0, 0, 0.5, 3] means you returned
  ReLU(z) itself, not its slope; getting 1 at z = 0 means you used z >= 0, but the
  chapter (like PyTorch) takes ReLU'(0) = 0.
""" # END TEST CONFIG
def test_grads_relu(activation_grads):
    import numpy as np
    out = np.asarray(activation_grads(np.array([-1.5, 0.0, 0.5, 3.0]))["relu"])
    assert out.shape == (4,), f"shape {out.shape}, expected (4,)"
    assert np.array_equal(out.astype(float), [0.0, 0.0, 1.0, 1.0]), f"ReLU' at [-1.5, 0, 0.5, 3]: {out}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  grads['sigmoid'] is wrong on an unseen (3, 4) array, or overflows or is not
  finite at unseen large |z| (such as -800 or 1e4), or the input was modified.
""" # END TEST CONFIG
def test_grads_sigmoid_hidden(activation_grads):
    import math
    import numpy as np
    z = np.random.default_rng(7).normal(0.0, 5.0, size=(3, 4))
    z_copy = z.copy()
    out = np.asarray(activation_grads(z)["sigmoid"])
    assert np.array_equal(z, z_copy), "activation_grads modified its argument"
    expected = np.array([[1 / (math.exp(v / 2) + math.exp(-v / 2)) ** 2 for v in row] for row in z])
    assert out.shape == (3, 4) and np.allclose(out, expected, rtol=1e-9, atol=1e-12)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        far = np.asarray(activation_grads(np.array([-1e4, -800.0, -40.0, 800.0]))["sigmoid"])
    assert np.allclose(far, [0.0, 0.0, math.exp(-40.0), 0.0], rtol=1e-6, atol=1e-15), f"{far}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  grads['tanh'] is wrong on an unseen (2, 5) array or overflows at unseen large
  |z|: it is 1 - tanh(z)^2, the shape of z.
""" # END TEST CONFIG
def test_grads_tanh_hidden(activation_grads):
    import math
    import numpy as np
    z = np.random.default_rng(11).normal(0.0, 2.0, size=(2, 5))
    z[0, 0], z[1, 4] = 12.0, -12.0
    out = np.asarray(activation_grads(z)["tanh"])
    expected = np.array([[4 * math.exp(-2 * abs(v)) / (1 + math.exp(-2 * abs(v))) ** 2 for v in row] for row in z])
    assert out.shape == (2, 5) and np.allclose(out, expected, rtol=1e-6, atol=1e-12)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        far = np.asarray(activation_grads(np.array([[-1e4], [750.0]]))["tanh"])
    assert far.shape == (2, 1) and np.allclose(far, 0.0, rtol=0, atol=1e-300), f"{far}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  grads['relu'] is wrong on an unseen (3, 4) array containing exact zeros (the
  slope there is 0), tiny positive values (slope 1), or on a plain number: 1 where
  z > 0, else 0.
""" # END TEST CONFIG
def test_grads_relu_hidden(activation_grads):
    import numpy as np
    z = np.random.default_rng(3).normal(0.0, 2.0, size=(3, 4))
    z[0, 1] = z[2, 2] = 0.0
    z[1, 3] = -0.0
    z[1, 0], z[2, 0] = 1e-300, -1e-300
    out = np.asarray(activation_grads(z)["relu"])
    expected = np.array([[1.0 if v > 0 else 0.0 for v in row] for row in z])
    assert out.shape == (3, 4) and np.array_equal(out.astype(float), expected), f"{out}"
    at_zero = activation_grads(0.0)["relu"]
    assert np.shape(at_zero) == () and float(at_zero) == 0.0, f"ReLU'(0) = {at_zero}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (code: forward propagation for weights in PyTorch's layout).** A
# network trained in PyTorch arrives as a list of `(weight, bias)` pairs, one per
# `nn.Linear` layer. As the chapter's note "Rows or columns?" says, PyTorch stores
# a layer with $d_\text{in}$ inputs and $d_\text{out}$ units as a `weight` of shape
# $(d_\text{out}, d_\text{in})$, the transpose of ours, and a `bias` of shape
# $(d_\text{out},)$.
#
# Write `forward_torch_layout(X, layers)` for a network that applies $\tanh$ after
# every layer except the last, which has no activation (a regression output):
# `X` has shape $(n, d_0)$, layer $l$ has `weight` of shape $(d_l, d_{l-1})$ and
# `bias` of shape $(d_l,)$, and the result $\hat y$ has shape $(n, d_L)$. There may
# be any number $L \ge 1$ of layers, and any batch size $n \ge 1$. Do not modify
# `X`, the weights or the list.

# %% [raw]
# # BEGIN SOLUTION

# %%
def forward_torch_layout(X, layers):
    # BEGIN SOLUTION
    A = np.asarray(X, dtype=float)
    for l, (weight, bias) in enumerate(layers):
        Z = A @ np.asarray(weight).T + bias  # (n, d_l)
        A = Z if l == len(layers) - 1 else np.tanh(Z)
    return A
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For this 2-3-1 network (X is 3x2, the first weight 3x2, the second 1x3) y_hat has
  shape (3, 1). A shape error means the weight was used in our layout (X @ W): in
  PyTorch's layout the product is X @ weight.T. Outputs all between -1 and 1 mean
  tanh was applied to the output layer too; other wrong values usually mean tanh
  was skipped on the hidden layer, or the bias was added after tanh.
""" # END TEST CONFIG
def test_forward_one_hidden(forward_torch_layout):
    import math
    import numpy as np
    X = np.array([[1.0, -2.0], [0.5, 1.0], [-1.0, 0.0]])
    W1 = np.array([[1.0, 0.5], [-1.0, 1.0], [0.5, -1.0]])
    b1 = np.array([0.25, 0.5, -0.5])
    W2 = np.array([[1.0, -2.0, -1.5]])
    b2 = np.array([1.5])
    out = np.asarray(forward_torch_layout(X, [(W1, b1), (W2, b2)]))
    expected = []
    for x in X:
        h = [math.tanh(sum(W1[j, i] * x[i] for i in range(2)) + b1[j]) for j in range(3)]
        expected.append([sum(W2[0, j] * h[j] for j in range(3)) + b2[0]])
    assert out.shape == (3, 1), f"shape {out.shape}, expected (3, 1)"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"got {out.tolist()}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  forward_torch_layout must work for any number of layers: here sizes 4 -> 5 -> 3 -> 2
  on a batch of 6, so y_hat has shape (6, 2); tanh after the two hidden layers, none
  after the last; each layer computes A @ weight.T + bias.
""" # END TEST CONFIG
def test_forward_three_layers(forward_torch_layout):
    import math
    import numpy as np
    rng = np.random.default_rng(0)
    sizes = [4, 5, 3, 2]
    layers = [(rng.normal(size=(c, a)), rng.normal(size=c)) for a, c in zip(sizes[:-1], sizes[1:])]
    X = rng.normal(size=(6, 4))
    out = np.asarray(forward_torch_layout(X, layers))
    expected = []
    for x in X:  # one example at a time: unit j of a layer is weight[j] . a + bias[j]
        a = list(x)
        for l, (W, b) in enumerate(layers):
            z = [sum(W[j, i] * a[i] for i in range(len(a))) + b[j] for j in range(len(b))]
            a = z if l == len(layers) - 1 else [math.tanh(v) for v in z]
        expected.append(a)
    assert out.shape == (6, 2), f"shape {out.shape}, expected (6, 2)"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  forward_torch_layout modified its arguments, or gave a different answer on a
  second call: X, every weight and bias, and the list of layers must be exactly as
  they were (transposing with .T makes a view; do not write the transposed weights
  back into the list).
""" # END TEST CONFIG
def test_forward_unchanged(forward_torch_layout):
    import numpy as np
    rng = np.random.default_rng(1)
    X = rng.normal(size=(5, 3))
    layers = [(rng.normal(size=(4, 3)), rng.normal(size=4)), (rng.normal(size=(2, 4)), rng.normal(size=2))]
    copies = [(W.copy(), b.copy()) for W, b in layers]
    X_copy = X.copy()
    first = np.array(forward_torch_layout(X, layers), dtype=float)
    assert len(layers) == 2 and all(W.shape == Wc.shape and np.array_equal(W, Wc) and np.array_equal(b, bc)
                                    for (W, b), (Wc, bc) in zip(layers, copies)), "the layers were modified"
    assert np.array_equal(X, X_copy), "X was modified"
    second = np.array(forward_torch_layout(X, layers), dtype=float)
    assert first.shape == (5, 2) and np.array_equal(first, second), "a second call gives another answer"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  forward_torch_layout is wrong on an unseen 4-layer network (sizes 3 -> 7 -> 7 -> 4 -> 2)
  on batches of 1 and 9 examples, or modified its arguments: each layer is
  A @ weight.T + bias, tanh after every layer but the last.
""" # END TEST CONFIG
def test_forward_hidden_deep(forward_torch_layout):
    import numpy as np
    rng = np.random.default_rng(2024)
    sizes = [3, 7, 7, 4, 2]
    layers = [(rng.normal(0.0, 0.8, size=(c, a)), rng.normal(size=c)) for a, c in zip(sizes[:-1], sizes[1:])]
    copies = [(W.copy(), b.copy()) for W, b in layers]
    for n in (1, 9):
        X = rng.normal(size=(n, 3))
        out = np.asarray(forward_torch_layout(X, layers))
        A = X
        for W, b in layers[:-1]:
            A = np.tanh(np.einsum("ni,ji->nj", A, W) + b)
        expected = np.einsum("ni,ji->nj", A, layers[-1][0]) + layers[-1][1]
        assert out.shape == (n, 2), f"shape {out.shape}, expected ({n}, 2)"
        assert np.allclose(out, expected, rtol=1e-9, atol=1e-12)
    assert len(layers) == 4 and all(np.array_equal(W, Wc) and np.array_equal(b, bc)
                                    for (W, b), (Wc, bc) in zip(layers, copies)), "the layers were modified"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  forward_torch_layout is wrong on an unseen single-layer network: with one layer
  there is no hidden layer and no activation at all, y_hat = X @ weight.T + bias.
""" # END TEST CONFIG
def test_forward_hidden_single(forward_torch_layout):
    import numpy as np
    rng = np.random.default_rng(5)
    X = rng.normal(0.0, 3.0, size=(5, 4))
    W, b = rng.normal(size=(3, 4)), rng.normal(size=3)
    out = np.asarray(forward_torch_layout(X, [(W, b)]))
    expected = [[sum(W[j, i] * x[i] for i in range(4)) + b[j] for j in range(3)] for x in X]
    assert out.shape == (5, 3) and np.allclose(out, expected, rtol=1e-9, atol=1e-12)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (derive: one layer equal to a stack of linear layers).** Section 2.3
# shows that two dense layers *without* an activation are one layer:
# $(XW^{(1)} + b^{(1)})W^{(2)} + b^{(2)} = XW + b$. Derive $W$ and $b$ for a stack
# of any number $L \ge 1$ of such layers, layer $l$ with $W^{(l)}$ of shape
# $(d_{l-1}, d_l)$ and $b^{(l)}$ of shape $(d_l,)$ (our layout), and write
# `collapse(layers)` returning the pair `(W, b)`, of shapes $(d_0, d_L)$ and
# $(d_L,)$, such that $XW + b$ equals the output of the whole stack for every $X$.
# `layers` is a list of `(W, b)` pairs of numpy arrays. Do not modify them.

# %% [raw]
# # BEGIN SOLUTION

# %%
def collapse(layers):
    # BEGIN SOLUTION
    W, b = layers[0]
    W, b = np.array(W, dtype=float), np.array(b, dtype=float)  # copies
    for W_l, b_l in layers[1:]:
        W = W @ W_l          # x W^(1) ... W^(l)
        b = b @ W_l + b_l    # every earlier bias goes through the later layers
    return W, b
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For two layers (2 -> 3 -> 2), W = W1 W2 (shape (2, 2)) and b = b1 W2 + b2 (shape
  (2,)). A shape error usually means the product is in the wrong order (W2 W1) or
  the biases were added without passing b1 through W2 (b1 + b2); b = b2 alone
  forgets that b1 also goes through the second layer.
""" # END TEST CONFIG
def test_collapse_two(collapse):
    import numpy as np
    W1 = np.array([[1.0, -1.0, 2.0], [0.5, 0.0, -1.0]])
    b1 = np.array([1.0, 2.0, -1.0])
    W2 = np.array([[2.0, 0.0], [1.0, -1.0], [0.5, 3.0]])
    b2 = np.array([-1.0, 0.5])
    W, b = collapse([(W1, b1), (W2, b2)])
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    exp_W = [[sum(W1[i, k] * W2[k, j] for k in range(3)) for j in range(2)] for i in range(2)]
    exp_b = [sum(b1[k] * W2[k, j] for k in range(3)) + b2[j] for j in range(2)]
    assert W.shape == (2, 2) and b.shape == (2,), f"shapes {W.shape}, {b.shape}, expected (2, 2), (2,)"
    assert np.allclose(W, exp_W) and np.allclose(b, exp_b), f"W = {W.tolist()}, b = {b.tolist()}; expected {exp_W}, {exp_b}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For three layers (3 -> 4 -> 2 -> 5), X W + b must equal the stack's output on any
  batch X. If it is right for two layers but not three, check that every bias is
  carried through all the layers above it: b = (b1 W2 + b2) W3 + b3, not b1 W2 W3 + b3
  or b1 W2 + b2 W3 + b3 without the rest.
""" # END TEST CONFIG
def test_collapse_three(collapse):
    import numpy as np
    rng = np.random.default_rng(3)
    sizes = [3, 4, 2, 5]
    layers = [(rng.normal(size=(a, c)), rng.normal(size=c)) for a, c in zip(sizes[:-1], sizes[1:])]
    W, b = collapse(layers)
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    assert W.shape == (3, 5) and b.shape == (5,), f"shapes {W.shape}, {b.shape}, expected (3, 5), (5,)"
    X = rng.normal(size=(6, 3))
    A = X
    for W_l, b_l in layers:
        A = A @ W_l + b_l
    assert np.allclose(X @ W + b, A, rtol=1e-9, atol=1e-9), "X W + b differs from the stack's output"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  collapse modified the layers it was given (for example b += ... on a bias that is
  still the caller's array). Start from copies, or build new arrays.
""" # END TEST CONFIG
def test_collapse_unchanged(collapse):
    import numpy as np
    rng = np.random.default_rng(4)
    sizes = [2, 3, 3, 2]
    layers = [(rng.normal(size=(a, c)), rng.normal(size=c)) for a, c in zip(sizes[:-1], sizes[1:])]
    copies = [(W.copy(), b.copy()) for W, b in layers]
    W, b = collapse(layers)
    assert all(np.array_equal(W_l, Wc) and np.array_equal(b_l, bc)
               for (W_l, b_l), (Wc, bc) in zip(layers, copies)), "the layers were modified"
    A = np.eye(2)
    for W_l, b_l in copies:
        A = A @ W_l + b_l
    assert np.allclose(np.eye(2) @ np.asarray(W) + np.asarray(b), A), "X W + b differs from the stack's output"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  collapse is wrong on an unseen stack of 5 layers (2 -> 6 -> 3 -> 3 -> 7 -> 4) or
  modified it: W = W1 W2 ... WL, and b = b1 W2 ... WL + b2 W3 ... WL + ... + bL.
""" # END TEST CONFIG
def test_collapse_hidden_deep(collapse):
    import numpy as np
    rng = np.random.default_rng(2025)
    sizes = [2, 6, 3, 3, 7, 4]
    layers = [(rng.normal(0.0, 0.7, size=(a, c)), rng.normal(size=c)) for a, c in zip(sizes[:-1], sizes[1:])]
    copies = [(W.copy(), b.copy()) for W, b in layers]
    W, b = collapse(layers)
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    assert all(np.array_equal(W_l, Wc) and np.array_equal(b_l, bc)
               for (W_l, b_l), (Wc, bc) in zip(layers, copies)), "the layers were modified"
    exp_W = np.eye(2)
    exp_b = np.zeros(4)
    for l, (W_l, b_l) in enumerate(copies):  # b = sum over l of b_l times every later W
        exp_W = exp_W @ W_l
        later = np.eye(len(b_l))
        for W_m, _ in copies[l + 1:]:
            later = later @ W_m
        exp_b = exp_b + b_l @ later
    assert W.shape == (2, 4) and b.shape == (4,)
    assert np.allclose(W, exp_W, rtol=1e-9, atol=1e-9) and np.allclose(b, exp_b, rtol=1e-9, atol=1e-9)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  collapse is wrong for an unseen single layer (the answer is that layer itself) or
  for an unseen four-layer stack ending in one unit (3 -> 5 -> 2 -> 4 -> 1).
""" # END TEST CONFIG
def test_collapse_hidden_special(collapse):
    import numpy as np
    rng = np.random.default_rng(6)
    W1, b1 = rng.normal(size=(4, 3)), rng.normal(size=3)
    W, b = collapse([(W1, b1)])
    assert np.allclose(np.asarray(W, dtype=float), W1) and np.allclose(np.asarray(b, dtype=float), b1)
    sizes = [3, 5, 2, 4, 1]
    layers = [(rng.normal(size=(a, c)), rng.normal(size=c)) for a, c in zip(sizes[:-1], sizes[1:])]
    W, b = collapse(layers)
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    X = rng.normal(size=(8, 3))
    A = X
    for W_l, b_l in layers:
        A = A @ W_l + b_l
    assert W.shape == (3, 1) and b.shape == (1,) and np.allclose(X @ W + b, A, rtol=1e-9, atol=1e-9)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (design: a triangle from three hidden units).** A hidden unit with
# a step activation is 1 on one side of a line and 0 on the other (section 2.1).
# Design a 2-3-1 network of step units,
#
# $$h = \mathrm{step}(x W_1 + b_1), \qquad \hat y = \mathrm{step}(h W_2 + b_2),$$
#
# that outputs $\hat y = 1$ for every point $x = (x_1, x_2)$ strictly inside the
# triangle with vertices $(0, 0)$, $(4, 1)$ and $(1, 3)$, and $\hat y = 0$ for every
# point strictly outside it (points on its edges may go either way: the tests stay
# at least 0.02 away from the three lines). Return `(W1, b1, W2, b2)` with $W_1$ of
# shape $(2, 3)$, $b_1$ of shape $(3,)$, $W_2$ of shape $(3, 1)$ (or $(3,)$) and
# $b_2$ of shape $(1,)$ (or a number); numpy arrays or lists.

# %% [raw]
# # BEGIN SOLUTION

# %%
def triangle_network():
    # BEGIN SOLUTION
    # one unit per edge, each 1 on the triangle's side of its line:
    # -x1 + 4 x2 >= 0 (above (0,0)-(4,1)), 11 - 2 x1 - 3 x2 >= 0 (below (4,1)-(1,3)),
    # 3 x1 - x2 >= 0 (right of (0,0)-(1,3)); the output is their AND.
    W1 = np.array([[-1.0, -2.0, 3.0], [4.0, -3.0, -1.0]])
    b1 = np.array([0.0, 11.0, 0.0])
    W2 = np.array([[1.0], [1.0], [1.0]])
    b2 = np.array([-2.5])
    return W1, b1, W2, b2
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Some labelled points come out wrong. Points beyond one edge are still on the right
  side of the two other lines: if they give 1, your output unit fires when 2 of the 3
  hidden units are on (it must need all 3: an AND). If points beyond a vertex give 1,
  it is an OR. If the point (2, 0.2) gives 1, a line goes through the wrong vertex.
  Check each hidden unit is 1 on the triangle's side of its line (try the centroid
  (5/3, 4/3)). W1 must be (2, 3): column j is hidden unit j.
""" # END TEST CONFIG
def test_triangle_named_points(triangle_network):
    import numpy as np
    W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in triangle_network())
    assert W1.shape == (2, 3) and b1.size == 3 and W2.size == 3 and b2.size == 1, \
        f"shapes {W1.shape}, {b1.shape}, {W2.shape}, {b2.shape}"
    points = {  # point: label
        (5 / 3, 4 / 3): 1, (0.3, 0.4): 1, (3.5, 1.1): 1, (1.0, 2.6): 1,
        (2.0, 0.2): 0, (3.0, 2.5): 0, (0.2, 2.0): 0,          # beyond one edge
        (-1.0, -1.0): 0, (6.0, 1.0): 0, (1.0, 5.0): 0,        # beyond one vertex
        (10.0, -10.0): 0, (-10.0, 10.0): 0, (20.0, 20.0): 0,
    }
    X = np.array(list(points))
    h = (X @ W1 + b1.reshape(3) >= 0).astype(float)
    y_hat = (h @ W2.reshape(3, 1) + b2.reshape(1) >= 0).astype(float).ravel()
    wrong = [p for p, y, out in zip(points, points.values(), y_hat) if y != out]
    assert not wrong, f"wrong output at {wrong}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  On a grid of points around the triangle (x1 from -1 to 5, x2 from -1 to 4, step
  0.25, leaving out points within 0.02 of a line) some outputs are wrong: the output
  must be 1 exactly inside the triangle (0, 0), (4, 1), (1, 3).
""" # END TEST CONFIG
def test_triangle_grid(triangle_network):
    import numpy as np
    W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in triangle_network())
    V = [(0.0, 0.0), (4.0, 1.0), (1.0, 3.0)]
    pts, labels = [], []
    for x1 in np.arange(-1.0, 5.01, 0.25):
        for x2 in np.arange(-1.0, 4.01, 0.25):
            crosses, near = [], False
            for (ax, ay), (bx, by) in zip(V, V[1:] + V[:1]):  # counter-clockwise edges
                c = (bx - ax) * (x2 - ay) - (by - ay) * (x1 - ax)
                near |= abs(c) / np.hypot(bx - ax, by - ay) < 0.02
                crosses.append(c)
            if not near:
                pts.append((x1, x2))
                labels.append(1.0 if all(c > 0 for c in crosses) else 0.0)
    X = np.array(pts)
    h = (X @ W1.reshape(2, 3) + b1.reshape(3) >= 0).astype(float)
    y_hat = (h @ W2.reshape(3, 1) + b2.reshape(1) >= 0).astype(float).ravel()
    wrong = X[y_hat != np.array(labels)]
    assert len(wrong) == 0, f"{len(wrong)} of {len(X)} grid points wrong, e.g. {wrong[:5].tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  On unseen random points (near and far from the triangle) some outputs are wrong:
  1 strictly inside the triangle (0, 0), (4, 1), (1, 3), 0 outside.
""" # END TEST CONFIG
def test_triangle_random(triangle_network):
    import numpy as np
    W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in triangle_network())
    rng = np.random.default_rng(99)
    X = np.concatenate([rng.uniform(-2, 6, size=(3000, 2)), rng.uniform(-50, 50, size=(1000, 2))])
    A, B, C = np.array([0.0, 0.0]), np.array([4.0, 1.0]), np.array([1.0, 3.0])
    # barycentric coordinates: inside iff all three are positive
    T = np.array([B - A, C - A]).T
    lam = np.linalg.solve(T, (X - A).T).T
    bary = np.column_stack([1 - lam.sum(axis=1), lam])
    dist = np.column_stack([np.abs((X - P) @ np.array([-(Q - P)[1], (Q - P)[0]])) / np.linalg.norm(Q - P)
                            for P, Q in [(A, B), (B, C), (C, A)]])
    keep = dist.min(axis=1) > 0.02
    X, labels = X[keep], (bary[keep] > 0).all(axis=1).astype(float)
    h = (X @ W1.reshape(2, 3) + b1.reshape(3) >= 0).astype(float)
    y_hat = (h @ W2.reshape(3, 1) + b2.reshape(1) >= 0).astype(float).ravel()
    assert np.array_equal(y_hat, labels), f"{int((y_hat != labels).sum())} of {len(X)} points wrong"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  Some unseen points just inside or just outside the edges (0.03 to 0.1 from an
  edge), fed one at a time, come out wrong.
""" # END TEST CONFIG
def test_triangle_near_edges(triangle_network):
    import numpy as np
    W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in triangle_network())
    V = [np.array(v) for v in [(0.0, 0.0), (4.0, 1.0), (1.0, 3.0)]]
    centroid = sum(V) / 3
    rng = np.random.default_rng(5)
    for P, Q in zip(V, V[1:] + V[:1]):
        edge = Q - P
        normal = np.array([-edge[1], edge[0]]) / np.linalg.norm(edge)
        if normal @ (centroid - P) < 0:
            normal = -normal  # points into the triangle
        for t in rng.uniform(0.15, 0.85, size=6):
            for d, label in [(rng.uniform(0.03, 0.1), 1.0), (-rng.uniform(0.03, 0.1), 0.0)]:
                x = (P + t * edge + d * normal).reshape(1, 2)
                h = (x @ W1.reshape(2, 3) + b1.reshape(3) >= 0).astype(float)
                y_hat = float((h @ W2.reshape(3, 1) + b2.reshape(1) >= 0)[0, 0])
                assert y_hat == label, f"output {y_hat} at {x.ravel().tolist()}, expected {label}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (design: parity of three inputs).** XOR is the parity of two bits.
# Design a network of step units that computes the parity of **three** bits:
# $\hat y = x_1 \oplus x_2 \oplus x_3$, which is 1 when an odd number of the inputs
# are 1. Return it as a list of layers `[(W1, b1), (W2, b2), ...]`, each layer
# computing $A \leftarrow \mathrm{step}(A W + b)$ from $A = X$ of shape $(n, 3)$;
# the last layer has a single unit, so the output has shape $(n, 1)$. Use as many
# layers and units as you like (numpy arrays or lists). Hint: how many of the
# inputs are on? Or: XOR twice.

# %% [raw]
# # BEGIN SOLUTION

# %%
def parity_network():
    # BEGIN SOLUTION
    # hidden unit k fires when at least k inputs are on; parity = h1 - h2 + h3
    W1 = np.ones((3, 3))
    b1 = np.array([-0.5, -1.5, -2.5])
    W2 = np.array([[1.0], [-1.0], [1.0]])
    b2 = np.array([-0.5])
    return [(W1, b1), (W2, b2)]
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 2
failure_message: >-
  On the 8 corners (0/1 inputs) the network must output x1 XOR x2 XOR x3, in one
  column. Ones on every corner but (0, 0, 0): your network computes OR; ones where
  2 or 3 inputs are on: majority; a wrong output only where x3 = 1: x3 is ignored;
  every output flipped: you computed even parity. Each W must be (inputs, units).
""" # END TEST CONFIG
def test_parity_truth_table(parity_network):
    import itertools
    import numpy as np
    X = np.array(list(itertools.product([0.0, 1.0], repeat=3)))
    A = X
    for W, b in parity_network():
        W = np.asarray(W, dtype=float)
        A = (A @ W.reshape(A.shape[1], -1) + np.asarray(b, dtype=float).reshape(-1) >= 0).astype(float)
    expected = X.sum(axis=1) % 2
    assert A.shape == (8, 1), f"output shape {A.shape}, expected (8, 1)"
    wrong = [tuple(int(v) for v in x) for x, out, y in zip(X, A[:, 0], expected) if out != y]
    assert not wrong, f"wrong output at {wrong}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  The network does not compute the parity of three bits on a shuffled batch of 24
  integer inputs.
""" # END TEST CONFIG
def test_parity_shuffled(parity_network):
    import numpy as np
    rng = np.random.default_rng(17)
    X = rng.integers(0, 2, size=(24, 3))
    A = X
    for W, b in parity_network():
        W = np.asarray(W, dtype=float)
        A = np.where(A @ W.reshape(A.shape[1], -1) + np.asarray(b, dtype=float).reshape(-1) >= 0, 1, 0)
    expected = np.array([a ^ b ^ c for a, b, c in X])
    assert A.shape == (24, 1) and np.array_equal(A[:, 0], expected)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  The network does not compute the parity of three bits on each corner fed on its
  own (a batch of one).
""" # END TEST CONFIG
def test_parity_one_at_a_time(parity_network):
    import numpy as np
    for bits in [(1, 1, 1), (0, 1, 1), (1, 0, 0), (0, 0, 0), (1, 1, 0), (0, 0, 1), (1, 0, 1), (0, 1, 0)]:
        A = np.array([bits], dtype=float)
        for W, b in parity_network():
            W = np.asarray(W, dtype=float)
            A = (A @ W.reshape(A.shape[1], -1) + np.asarray(b, dtype=float).reshape(-1) >= 0).astype(float)
        assert A.shape == (1, 1) and A[0, 0] == sum(bits) % 2, f"wrong output at {bits}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q7

# %% [markdown]
# **Question 7 (predict: where the activations saturate).** A unit passes back a
# gradient scaled by its slope $g'(z)$ (chapter 4), so a unit whose slope is tiny
# has stopped learning. Work out, on paper, before computing anything:
#
# - `z_sigmoid`: the positive $z$ at which the sigmoid's slope $\sigma'(z)$ has
#   fallen to 1% of its largest value $\sigma'(0)$;
# - `z_tanh`: the positive $z$ at which $\tanh'(z)$ has fallen to 1% of *its*
#   largest value $\tanh'(0)$.
#
# Give each as a number, either as an exact expression (such as `np.log(7) / 2`)
# or to at least 5 significant digits. Hint: solve for $\sigma(z)$ (or $\tanh z$)
# first; and the chapter writes $\tanh z = 2\sigma(2z) - 1$. The public checks only
# say whether you are within about 0.002; the hidden tests want 5 significant digits.

# %% [raw]
# # BEGIN SOLUTION

# %%
z_sigmoid = np.log((1 + np.sqrt(0.99)) / (1 - np.sqrt(0.99)))  # SOLUTION
z_tanh = np.arctanh(np.sqrt(0.99))  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  z_sigmoid is not within about 0.002 of the answer. Solve sigma'(z) = 1% of
  sigma'(0) = 1/4 exactly: sigma (1 - sigma) = 0.0025 is a quadratic in sigma, and
  z = log(sigma / (1 - sigma)). Common slips: setting the slope to 0.01 (that is 4%
  of the maximum, not 1%); solving sigma(z) = 0.99, a condition on the value rather
  than the slope; replacing sigma'(z) by its large-z approximation e^(-z), which is
  not exact here.
""" # END TEST CONFIG
def test_z_sigmoid(z_sigmoid):
    import hashlib
    import math
    v = float(z_sigmoid)
    assert math.isfinite(v), f"z_sigmoid = {v}"
    ok = {hashlib.sha256(f"ch02-q7-z_sigmoid:{math.floor(v * 1000) + j}".encode()).hexdigest()[:16]
          for j in (-1, 0, 1)}
    assert "4feea9cb34e918fd" in ok, f"z_sigmoid = {v} is not right"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  z_tanh is not within about 0.002 of the answer. tanh'(z) = 1 - tanh^2(z), whose
  largest value is 1, so 1 - tanh^2(z) = 0.01 gives tanh z directly. If you reused
  the sigmoid's z, or scaled it the wrong way, compare the two curves with
  tanh z = 2 sigma(2z) - 1.
""" # END TEST CONFIG
def test_z_tanh(z_tanh):
    import hashlib
    import math
    v = float(z_tanh)
    assert math.isfinite(v), f"z_tanh = {v}"
    ok = {hashlib.sha256(f"ch02-q7-z_tanh:{math.floor(v * 1000) + j}".encode()).hexdigest()[:16]
          for j in (-1, 0, 1)}
    assert "d94ba04ea1af19f3" in ok, f"z_tanh = {v} is not right"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  z_sigmoid is not right to 5 significant digits: sigma'(z) = sigma'(0) / 100.
""" # END TEST CONFIG
def test_z_sigmoid_precise(z_sigmoid):
    import math
    r = math.sqrt(1 - 4 * 0.0025)
    expected = math.log((1 + r) / (1 - r))
    assert abs(float(z_sigmoid) - expected) <= 5e-5 * expected

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  z_tanh is not right to 5 significant digits: tanh'(z) = tanh'(0) / 100.
""" # END TEST CONFIG
def test_z_tanh_precise(z_tanh):
    import math
    expected = math.acosh(10.0)  # sech^2 z = 1/100, so cosh z = 10
    assert abs(float(z_tanh) - expected) <= 5e-5 * expected

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION
