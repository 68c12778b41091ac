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
# `dlbook check ch02-perceptron.ipynb` checks them all. Use numpy only.
#
# The checks in this notebook are the public tests. Your submission is also graded
# on hidden tests with inputs you never see (other shapes, other values, extreme
# values), so write code that is right for every input, not just for the examples.
#
# Conventions, as in the chapter: a batch of $n$ examples is a matrix $X$ of shape
# $(n, d)$, one example per row; a layer with $d_\text{in}$ inputs and
# $d_\text{out}$ units has weights $W$ of shape $(d_\text{in}, d_\text{out})$ and
# biases $b$ of shape $(d_\text{out},)$.

# %%
import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (a numerically stable sigmoid).** Write `sigmoid(z)`, the logistic
# function applied element-wise:
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}}.$$
#
# `z` is a number or a numpy array of any shape; return an array of the same shape.
# It must be accurate (to a relative error of about $10^{-12}$) and finite for every
# real $z$, including $z = \pm 1000$: $e^{1000}$ overflows to `inf` in float64, and
# `inf / inf` is `nan`. Hint: for $z < 0$, $\sigma(z) = \frac{e^{z}}{1 + e^{z}}$, so
# you never need to exponentiate a positive number. Do not clip $z$: $\sigma(-600)
# \approx 2.65 \times 10^{-261}$ is a perfectly representable float64.

# %% [raw]
# # BEGIN SOLUTION

# %%
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    # BEGIN SOLUTION
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  sigmoid(z) = 1 / (1 + e^(-z)), so sigmoid(-2) = 0.1192, sigmoid(0.5) = 0.6225 and
  sigmoid(3) = 0.9526. If your values for z and -z are swapped, the exponent has the
  wrong sign (it is e^(-z), not e^z). If sigmoid(-2) comes out above 0.5, you dropped
  the sign of z (e.g. used e^(-|z|) for every z without a separate z < 0 branch).
""" # END TEST CONFIG
def test_sigmoid_values(sigmoid):
    import numpy as np
    out = sigmoid(np.array([-2.0, 0.5, 3.0]))
    expected = [0.11920292202211755, 0.6224593312018546, 0.9525741268224334]
    assert np.allclose(out, expected, rtol=1e-9, atol=0), f"sigmoid([-2, 0.5, 3]) = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  sigmoid must be finite and accurate far in the tails: sigmoid(1000) = 1,
  sigmoid(600) = 1, sigmoid(-600) = e^(-600) / (1 + e^(-600)) = 2.65e-261, and
  sigmoid(-1000) underflows to 0. A nan means you exponentiated a large positive
  number (e^1000 = inf, and inf / inf = nan): only ever compute e^(-|z|). A wrong
  sigmoid(-600) usually means z was clipped: do not clip.
""" # END TEST CONFIG
def test_sigmoid_tails(sigmoid):
    import numpy as np
    out = np.asarray(sigmoid(np.array([-1000.0, -600.0, 600.0, 1000.0])))
    assert out.shape == (4,), f"shape {out.shape}, expected (4,)"
    assert np.all(np.isfinite(out)), f"sigmoid([-1000, -600, 600, 1000]) = {out} is not finite"
    assert 0 <= out[0] < 1e-300, f"sigmoid(-1000) = {out[0]}, expected 0"
    assert np.allclose(out[1:], [2.6503965530043108e-261, 1.0, 1.0], rtol=1e-12, atol=0), \
        f"sigmoid([-600, 600, 1000]) = {out[1:]}, expected [2.6503965530043108e-261, 1, 1]"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  sigmoid must work element-wise on an array of any shape and return an array of
  the same shape, with every value strictly between 0 and 1 for moderate z.
""" # END TEST CONFIG
def test_sigmoid_shape(sigmoid):
    import numpy as np
    z = np.array([[-1.0, 0.0, 4.0], [2.5, -3.0, 0.25]])
    out = np.asarray(sigmoid(z))
    assert out.shape == (2, 3), f"shape {out.shape}, expected (2, 3)"
    assert np.allclose(out, 1 / (1 + np.exp(-z)), rtol=1e-12, atol=0), f"sigmoid({z.tolist()}) = {out}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  sigmoid is wrong on random arrays of another shape. Check the sign of the exponent
  and the branch for negative z.
""" # END TEST CONFIG
def test_sigmoid_random(sigmoid):
    import numpy as np
    z = np.random.default_rng(20240602).normal(0.0, 8.0, size=(4, 5, 3))
    out = np.asarray(sigmoid(z))
    assert out.shape == (4, 5, 3), f"shape {out.shape}, expected (4, 5, 3)"
    assert np.allclose(out, 1 / (1 + np.exp(-z)), rtol=1e-12, atol=0)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  sigmoid is not finite or not accurate for extreme z (such as -690, 710 or 1e5).
  Only ever exponentiate -|z|, and do not clip z.
""" # END TEST CONFIG
def test_sigmoid_extreme(sigmoid):
    import numpy as np
    neg = np.array([-690.0, -400.0, -37.0, -1e-3])
    pos = np.array([1e-3, 37.0, 400.0, 710.0, 1e5])
    out_neg = np.asarray(sigmoid(neg))
    out_pos = np.asarray(sigmoid(pos))
    assert np.allclose(out_neg, np.exp(neg) / (1 + np.exp(neg)), rtol=1e-12, atol=0), f"sigmoid({neg}) = {out_neg}"
    assert np.allclose(out_pos, 1 / (1 + np.exp(-pos)), rtol=1e-12, atol=0), f"sigmoid({pos}) = {out_pos}"
    far = np.asarray(sigmoid(np.array([-1e5, -800.0])))
    assert np.all(np.isfinite(far)) and np.all(far >= 0) and np.all(far < 1e-300), f"sigmoid([-1e5, -800]) = {far}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  sigmoid must accept a plain number (returning a 0-d array or a number) and a
  nested list, and keep the input's shape.
""" # END TEST CONFIG
def test_sigmoid_inputs(sigmoid):
    import numpy as np
    out = sigmoid(0.75)
    assert np.shape(out) == (), f"sigmoid(0.75) has shape {np.shape(out)}, expected ()"
    assert abs(float(out) - 0.679178699175393) < 1e-12, f"sigmoid(0.75) = {out}"
    out = np.asarray(sigmoid([[-1.5], [2.0]]))
    assert out.shape == (2, 1), f"shape {out.shape}, expected (2, 1)"
    assert np.allclose(out, [[0.18242552380635635], [0.8807970779778823]], rtol=1e-12, atol=0)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (derivatives of the activations).** Backpropagation (chapter 4) needs
# $g'(z)$. Write three element-wise functions, each taking an array `z` of any
# shape and returning an array of the same shape:
#
# - `sigmoid_grad(z)` $= \sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)$; it must
#   stay finite for large $|z|$ (you may call your `sigmoid` from Question 1);
# - `tanh_grad(z)` $= \tanh'(z) = 1 - \tanh^2(z)$ (you may use `np.tanh`);
# - `relu_grad(z)` $= \mathrm{ReLU}'(z) = 1$ if $z > 0$ else $0$, as floats.
#   ReLU has no derivative at $z = 0$; like PyTorch, use $0$ there.

# %% [raw]
# # BEGIN SOLUTION

# %%
def sigmoid_grad(z):
    z = np.asarray(z, dtype=float)
    # BEGIN SOLUTION
    # sigma'(z) is even, and e^{-|z|} / (1 + e^{-|z|})^2 never overflows; the same as
    # s * (1 - s) with s = sigmoid(z), without depending on Question 1.
    e = np.exp(-np.abs(z))
    return e / (1 + e) ** 2
    # END SOLUTION


def tanh_grad(z):
    z = np.asarray(z, dtype=float)
    # BEGIN SOLUTION
    return 1 - np.tanh(z) ** 2
    # END SOLUTION


def relu_grad(z):
    z = np.asarray(z, dtype=float)
    # BEGIN SOLUTION
    return (z > 0).astype(float)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  sigmoid_grad(z) = sigma(z) (1 - sigma(z)): sigmoid_grad(0) = 0.25 and
  sigmoid_grad(-2) = 0.1050. If sigmoid_grad(0) = 0.75 you wrote sigma (1 + sigma);
  if sigmoid_grad(-2) = -6 you forgot to apply sigma first (z (1 - z)).
  If you call your sigmoid, make q1 pass first.
""" # END TEST CONFIG
def test_sigmoid_grad_values(sigmoid_grad):
    import numpy as np
    out = sigmoid_grad(np.array([-2.0, 0.0, 1.5]))
    expected = [0.1049935854035065, 0.25, 0.14914645207033286]
    assert np.allclose(out, expected, rtol=1e-9, atol=0), f"sigmoid_grad([-2, 0, 1.5]) = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  sigmoid_grad(-1000) and sigmoid_grad(1000) must be finite (both are 0). The form
  e^(-z) / (1 + e^(-z))^2 is correct on paper but gives inf / inf = nan for
  z = -1000; write it as sigma(z) (1 - sigma(z)) with a stable sigma.
""" # END TEST CONFIG
def test_sigmoid_grad_tails(sigmoid_grad):
    import numpy as np
    out = np.asarray(sigmoid_grad(np.array([-1000.0, 1000.0])))
    assert out.shape == (2,), f"shape {out.shape}, expected (2,)"
    assert np.all(np.isfinite(out)), f"sigmoid_grad([-1000, 1000]) = {out} is not finite"
    assert np.all(out >= 0) and np.all(out < 1e-300), f"sigmoid_grad([-1000, 1000]) = {out}, expected [0, 0]"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  tanh_grad(z) = 1 - tanh(z)^2: tanh_grad(0.5) = 0.7864 and tanh_grad(2) = 0.0707.
  If tanh_grad(0.5) = 0.5379 you are missing the square (1 - tanh(z)); if
  tanh_grad(2) = -3 you forgot the tanh (1 - z^2).
""" # END TEST CONFIG
def test_tanh_grad_values(tanh_grad):
    import numpy as np
    out = tanh_grad(np.array([-1.0, 0.5, 2.0]))
    expected = [0.41997434161402614, 0.7864477329659274, 0.07065082485316443]
    assert np.allclose(out, expected, rtol=1e-9, atol=0), f"tanh_grad([-1, 0.5, 2]) = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  relu_grad(z) is 1 where z > 0 and 0 elsewhere, including at z = 0 (as in PyTorch):
  relu_grad([-1.5, 0, 0.5, 3]) = [0, 0, 1, 1]. If you got 1 at z = 0 you used z >= 0;
  if you got 0.5 and 3 you returned ReLU(z) itself instead of its slope.
""" # END TEST CONFIG
def test_relu_grad_values(relu_grad):
    import numpy as np
    out = np.asarray(relu_grad(np.array([-1.5, 0.0, 0.5, 3.0])))
    assert out.shape == (4,), f"shape {out.shape}, expected (4,)"
    assert np.array_equal(out.astype(float), [0.0, 0.0, 1.0, 1.0]), f"relu_grad([-1.5, 0, 0.5, 3]) = {out}, expected [0, 0, 1, 1]"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  sigmoid_grad is wrong on unseen inputs (random arrays, or very large |z|, where it
  must be finite). It is sigma(z) (1 - sigma(z)) with a stable sigma.
""" # END TEST CONFIG
def test_sigmoid_grad_hidden(sigmoid_grad):
    import numpy as np
    z = np.random.default_rng(7).normal(0.0, 4.0, size=(3, 4))
    out = np.asarray(sigmoid_grad(z))
    assert out.shape == (3, 4), f"shape {out.shape}, expected (3, 4)"
    expected = np.exp(-z) / (1 + np.exp(-z)) ** 2  # safe for these moderate z
    assert np.allclose(out, expected, rtol=1e-10, atol=0)
    far = np.asarray(sigmoid_grad(np.array([-750.0, 750.0])))
    assert np.all(np.isfinite(far)) and np.all(far >= 0) and np.all(far < 1e-300), f"sigmoid_grad([-750, 750]) = {far}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  tanh_grad is wrong on unseen inputs; it is 1 - tanh(z)^2, an array of the same
  shape as z.
""" # END TEST CONFIG
def test_tanh_grad_hidden(tanh_grad):
    import numpy as np
    z = np.random.default_rng(11).normal(0.0, 2.0, size=(2, 5))
    z[0, 0], z[1, 4] = 30.0, -30.0
    out = np.asarray(tanh_grad(z))
    assert out.shape == (2, 5), f"shape {out.shape}, expected (2, 5)"
    expected = 4 / (np.exp(z) + np.exp(-z)) ** 2  # sech^2(z)
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-15)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  relu_grad is wrong on unseen inputs: it must be 1 where z > 0 and 0 where z <= 0
  (0 at exactly z = 0), with the shape of z.
""" # END TEST CONFIG
def test_relu_grad_hidden(relu_grad):
    import numpy as np
    z = np.random.default_rng(3).normal(0.0, 2.0, size=(3, 4))
    z[0, 1] = z[2, 2] = z[1, 3] = 0.0
    out = np.asarray(relu_grad(z))
    assert out.shape == (3, 4), f"shape {out.shape}, expected (3, 4)"
    expected = np.array([[1.0 if v > 0 else 0.0 for v in row] for row in z])
    assert np.array_equal(out.astype(float), expected)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (a dense layer).** A dense layer is $d_\text{out}$ perceptrons that
# share the same inputs. On a batch it computes
#
# $$A = g(Z), \qquad Z = X W + b,$$
#
# with $X$ of shape $(n, d_\text{in})$, $W$ of shape $(d_\text{in}, d_\text{out})$
# (column $j$ holds the weights of unit $j$), $b$ of shape $(d_\text{out},)$ added
# to every row, and $g$ an element-wise activation (a function such as `np.tanh`).
# Write `dense(X, W, b, g)` returning $A$, of shape $(n, d_\text{out})$. Call `g`
# once, on the whole pre-activation $Z$.

# %% [raw]
# # BEGIN SOLUTION

# %%
def dense(X, W, b, g):
    # BEGIN SOLUTION
    Z = X @ W + b  # (n, d_out); b broadcasts over the rows
    return g(Z)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With g the identity, dense(X, W, b, g) must be X W + b, of shape (n, d_out) = (2, 2)
  here (X is 2x3, W is 3x2). A shape error usually means W was transposed (X @ W.T)
  or b was added to X before the product; wrong values by exactly b mean the bias
  was forgotten.
""" # END TEST CONFIG
def test_dense_identity(dense):
    import numpy as np
    X = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
    W = np.array([[1.0, -1.0], [0.5, 2.0], [-2.0, 1.0]])
    b = np.array([0.5, -1.0])
    out = np.asarray(dense(X, W, b, lambda z: z))
    assert out.shape == (2, 2), f"shape {out.shape}, expected (2, 2)"
    assert np.allclose(out, [[-0.5, -5.5], [4.0, 4.0]]), f"got {out.tolist()}, expected [[-0.5, -5.5], [4.0, 4.0]]"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With g = np.tanh, dense must return tanh(X W + b). If your values look like
  tanh(X W) + b, you applied g before adding the bias: the bias goes inside g.
""" # END TEST CONFIG
def test_dense_tanh(dense):
    import numpy as np
    X = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
    W = np.array([[1.0, -1.0], [0.5, 2.0], [-2.0, 1.0]])
    b = np.array([0.5, -1.0])
    out = np.asarray(dense(X, W, b, np.tanh))
    expected = [[-0.46211715726000974, -0.9999665971563038], [0.999329299739067, 0.999329299739067]]
    assert np.allclose(out, expected), f"got {out.tolist()}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  dense must return ReLU(X W + b) for g = ReLU on this batch of 4 examples
  (shape (4, 2)). Check that b is added to every row before g is applied.
""" # END TEST CONFIG
def test_dense_relu_batch(dense):
    import numpy as np
    X = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0], [-1.0, -1.0, 1.0], [0.0, 0.5, 2.0]])
    W = np.array([[0.5, -1.0], [1.0, 0.5], [-0.5, 1.0]])
    b = np.array([-0.5, 0.25])
    out = np.asarray(dense(X, W, b, lambda z: np.maximum(z, 0.0)))
    expected = [[0.5, 0.0], [1.5, 0.0], [0.0, 1.75], [0.0, 2.5]]
    assert out.shape == (4, 2), f"shape {out.shape}, expected (4, 2)"
    assert np.allclose(out, expected), f"got {out.tolist()}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  dense is wrong on a random batch of other shapes (X is 6x4, W is 4x3). It is
  g(X W + b) with W of shape (d_in, d_out), not transposed, and the bias inside g.
""" # END TEST CONFIG
def test_dense_random(dense):
    import numpy as np
    rng = np.random.default_rng(42)
    X, W, b = rng.normal(size=(6, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
    out = np.asarray(dense(X, W, b, np.tanh))
    assert out.shape == (6, 3), f"shape {out.shape}, expected (6, 3)"
    expected = np.array([[np.tanh(sum(X[i, k] * W[k, j] for k in range(4)) + b[j])
                          for j in range(3)] for i in range(6)])
    assert np.allclose(out, expected)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  dense must call g exactly once, on the full pre-activation Z = X W + b of shape
  (n, d_out), and return what g returns.
""" # END TEST CONFIG
def test_dense_calls_g_on_z(dense):
    import numpy as np
    rng = np.random.default_rng(5)
    X, W, b = rng.normal(size=(7, 5)), rng.normal(size=(5, 2)), rng.normal(size=2)
    seen = []
    def g(z):
        seen.append(np.array(z, dtype=float))
        return 3.0 * np.asarray(z) - 1.0
    out = np.asarray(dense(X, W, b, g))
    assert len(seen) == 1, f"g was called {len(seen)} times, expected once"
    Z = np.einsum("ik,kj->ij", X, W) + b[None, :]
    assert seen[0].shape == (7, 2) and np.allclose(seen[0], Z), "g was not called on X W + b"
    assert np.allclose(out, 3.0 * Z - 1.0)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  dense must handle a batch of one example and a layer with a single unit:
  X (1, 6), W (6, 1), b (1,) gives an output of shape (1, 1).
""" # END TEST CONFIG
def test_dense_single(dense):
    import numpy as np
    X = np.array([[0.5, -1.0, 2.0, 0.0, -0.5, 1.5]])
    W = np.array([[1.0], [2.0], [-1.0], [4.0], [0.5], [-2.0]])
    b = np.array([1.25])
    out = np.asarray(dense(X, W, b, lambda z: z ** 2))
    # z = 0.5 - 2 - 2 + 0 - 0.25 - 3 + 1.25 = -5.5
    assert out.shape == (1, 1), f"shape {out.shape}, expected (1, 1)"
    assert np.allclose(out, [[30.25]])

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (forward propagation).** A multi-layer network is a stack of dense
# layers, each feeding the next. `params` is a list of $L \ge 1$ pairs
# `(W, b)`; layer $l$ has $W^{(l)}$ of shape $(d_{l-1}, d_l)$ and $b^{(l)}$ of shape
# $(d_l,)$. Starting from $A^{(0)} = X$ of shape $(n, d_0)$:
#
# $$A^{(l)} = \mathrm{ReLU}\bigl(A^{(l-1)} W^{(l)} + b^{(l)}\bigr) \quad (l = 1, \dots, L-1),
# \qquad \hat y = A^{(L-1)} W^{(L)} + b^{(L)},$$
#
# with $\mathrm{ReLU}(z) = \max(0, z)$ on the hidden layers and **no activation** on
# the output layer (a regression output). Write `forward(X, params)` returning
# $\hat y$, of shape $(n, d_L)$. You may use your `dense` from Question 3.

# %% [raw]
# # BEGIN SOLUTION

# %%
def forward(X, params):
    # BEGIN SOLUTION
    A = np.asarray(X, dtype=float)
    for l, (W, b) in enumerate(params):
        Z = A @ W + b
        A = Z if l == len(params) - 1 else np.maximum(Z, 0.0)
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
  For this 2-3-1 network y_hat should be [[-0.25], [0.75], [-1.5]]. Negative outputs
  come out as 0 if you applied ReLU to the output layer (it has no activation);
  other wrong values usually mean ReLU was skipped on the hidden layer, applied to
  the layer's input instead of its output, or replaced by another activation. A
  shape error means the layers were applied in the wrong order.
""" # END TEST CONFIG
def test_forward_two_layers(forward):
    import numpy as np
    X = np.array([[1.0, -2.0], [0.5, 1.0], [-1.0, 0.0]])
    W1 = np.array([[1.0, -1.0, 0.5], [0.5, 1.0, -1.0]])
    b1 = np.array([0.25, 0.5, -0.5])
    W2 = np.array([[1.0], [-2.0], [-1.0]])
    b2 = np.array([1.5])
    out = np.asarray(forward(X, [(W1, b1), (W2, b2)]))
    # hidden z = [[0.25, -2.5, 2], [1.25, 1, -1.25], [-0.75, 1.5, -1]] -> ReLU
    assert out.shape == (3, 1), f"shape {out.shape}, expected (3, 1)"
    assert np.allclose(out, [[-0.25], [0.75], [-1.5]]), f"got {out.tolist()}, expected [[-0.25], [0.75], [-1.5]]"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  A network with a single layer has no hidden layer: y_hat = X W + b with no
  activation at all, so negative outputs stay negative. Did you apply ReLU (or
  another activation) to the output layer?
""" # END TEST CONFIG
def test_forward_one_layer(forward):
    import numpy as np
    X = np.array([[1.0, 2.0], [-1.0, 0.5]])
    W = np.array([[1.0, -1.0, 0.0], [0.5, 0.5, -2.0]])
    b = np.array([-3.0, 0.0, 1.0])
    out = np.asarray(forward(X, [(W, b)]))
    expected = [[-1.0, 0.0, -3.0], [-3.75, 1.25, 0.0]]
    assert out.shape == (2, 3), f"shape {out.shape}, expected (2, 3)"
    assert np.allclose(out, expected), f"got {out.tolist()}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  forward must work for any number of layers: here 3 layers with sizes
  4 -> 5 -> 3 -> 2 on a batch of 6, giving y_hat of shape (6, 2). ReLU after each
  hidden layer, none after the last.
""" # END TEST CONFIG
def test_forward_three_layers(forward):
    import numpy as np
    rng = np.random.default_rng(0)
    sizes = [4, 5, 3, 2]
    params = [(rng.normal(size=(a, c)), rng.normal(size=c)) for a, c in zip(sizes[:-1], sizes[1:])]
    X = rng.normal(size=(6, 4))
    out = np.asarray(forward(X, params))
    assert out.shape == (6, 2), f"shape {out.shape}, expected (6, 2)"
    A = X
    for W, b in params[:-1]:
        A = np.where(A @ W + b > 0, A @ W + b, 0.0)
    expected = A @ params[-1][0] + params[-1][1]
    assert np.allclose(out, expected), f"got {out.tolist()}, expected {expected.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  forward is wrong on an unseen 3-layer network (sizes 4 -> 6 -> 5 -> 2, batch of 7):
  ReLU after every hidden layer's X W + b, no activation on the output layer,
  layers applied in order.
""" # END TEST CONFIG
def test_forward_hidden_three(forward):
    import numpy as np
    rng = np.random.default_rng(2024)
    sizes = [4, 6, 5, 2]
    params = [(rng.normal(size=(a, c)), rng.normal(size=c)) for a, c in zip(sizes[:-1], sizes[1:])]
    X = rng.normal(size=(7, 4))
    out = np.asarray(forward(X, params))
    assert out.shape == (7, 2), f"shape {out.shape}, expected (7, 2)"
    expected = []
    for x in X:  # one example at a time, unit by unit
        a = list(x)
        for l, (W, b) in enumerate(params):
            z = [sum(a[k] * W[k, j] for k in range(len(a))) + b[j] for j in range(W.shape[1])]
            a = z if l == len(params) - 1 else [max(v, 0.0) for v in z]
        expected.append(a)
    assert np.allclose(out, expected)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  forward is wrong on an unseen 4-layer network (sizes 3 -> 8 -> 8 -> 4 -> 1, batch
  of 10): ReLU after every hidden layer, no activation on the output layer.
""" # END TEST CONFIG
def test_forward_hidden_four(forward):
    import numpy as np
    rng = np.random.default_rng(99)
    sizes = [3, 8, 8, 4, 1]
    params = [(rng.normal(0.0, 1.5, size=(a, c)), rng.normal(size=c)) for a, c in zip(sizes[:-1], sizes[1:])]
    X = rng.normal(0.0, 2.0, size=(10, 3))
    out = np.asarray(forward(X, params))
    assert out.shape == (10, 1), f"shape {out.shape}, expected (10, 1)"
    A = X
    for W, b in params[:-1]:
        Z = np.einsum("ik,kj->ij", A, W) + b
        A = Z * (Z > 0)
    expected = np.einsum("ik,kj->ij", A, params[-1][0]) + params[-1][1]
    assert np.allclose(out, expected)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (XOR with two layers).** A single perceptron draws one line, so it
# cannot compute XOR. Two layers can. Use Rosenblatt's step activation
# $\mathrm{step}(z) = 1$ if $z \ge 0$ else $0$ and the 2-2-1 network
#
# $$h = \mathrm{step}(x W_1 + b_1), \qquad \hat y = \mathrm{step}(h W_2 + b_2),$$
#
# with $W_1$ of shape $(2, 2)$, $b_1$ of shape $(2,)$, $W_2$ of shape $(2, 1)$ and
# $b_2$ of shape $(1,)$. Choose the weights so that on the four inputs
# $x \in \{(0,0), (0,1), (1,0), (1,1)\}$ the network outputs
# $\hat y = 0, 1, 1, 0$. Also make sure that no unit's $z$ is exactly $0$ on these
# four inputs, so the answer does not depend on what the step does at $0$.
# Hint: XOR is (OR) AND (NAND). Return the tuple `(W1, b1, W2, b2)` of numpy arrays.

# %% [raw]
# # BEGIN SOLUTION

# %%
def xor_weights():
    W1 = np.array([[1.0, -1.0], [1.0, -1.0]])  # SOLUTION
    b1 = np.array([-0.5, 1.5])  # SOLUTION
    W2 = np.array([[1.0], [1.0]])  # SOLUTION
    b2 = np.array([-1.5])  # SOLUTION
    return W1, b1, W2, b2

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  xor_weights() must return (W1, b1, W2, b2) with shapes (2, 2), (2,), (2, 1) and
  (1,). W2 is a column, (2, 1), not a row (1, 2).
""" # END TEST CONFIG
def test_xor_shapes(xor_weights):
    import numpy as np
    W1, b1, W2, b2 = xor_weights()
    shapes = [np.shape(W1), np.shape(b1), np.shape(W2), np.shape(b2)]
    assert shapes == [(2, 2), (2,), (2, 1), (1,)], f"shapes {shapes}, expected [(2, 2), (2,), (2, 1), (1,)]"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  On the inputs (0,0), (0,1), (1,0), (1,1) the network must output 0, 1, 1, 0.
  Wrong only at (1,1): your network computes OR; wrong only at (0,0): NAND. One
  hidden unit can be OR and the other NAND; the output unit is then the AND of the two.
""" # END TEST CONFIG
def test_xor_truth_table(xor_weights):
    import numpy as np
    W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in xor_weights())
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    h = (X @ W1 + b1 >= 0).astype(float)
    y_hat = (h @ W2 + b2 >= 0).astype(float)
    assert np.array_equal(y_hat.ravel(), [0.0, 1.0, 1.0, 0.0]), f"outputs {y_hat.ravel()}, expected [0, 1, 1, 0]"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Some unit has z = 0 exactly on one of the four inputs, so its output depends on
  the step's value at 0. Move the bias by 0.5 so every line passes between the
  input points rather than through one (e.g. OR is x1 + x2 - 0.5, not x1 + x2 - 1).
""" # END TEST CONFIG
def test_xor_margin(xor_weights):
    import numpy as np
    W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in xor_weights())
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    z1 = X @ W1 + b1
    h = (z1 >= 0).astype(float)
    z2 = h @ W2 + b2
    assert np.all(np.abs(z1) > 1e-9), f"hidden pre-activations {z1.tolist()} contain 0"
    assert np.all(np.abs(z2) > 1e-9), f"output pre-activations {z2.ravel().tolist()} contain 0"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  The network does not compute XOR on a shuffled batch of the four inputs when the
  step is taken as 1 if z > 0 else 0 (the other convention at 0).
""" # END TEST CONFIG
def test_xor_shuffled_strict_step(xor_weights):
    import numpy as np
    W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in xor_weights())
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    order = np.random.default_rng(17).permutation(np.tile(np.arange(4), 3))
    X = corners[order]
    h = (X @ W1 + b1 > 0).astype(float)
    y_hat = (h @ W2 + b2 > 0).astype(float).ravel()
    expected = np.array([int(a) ^ int(c) for a, c in X], dtype=float)
    assert y_hat.shape == (12,) and np.array_equal(y_hat, expected)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  The network does not compute XOR on each input fed on its own (a batch of one,
  integer inputs).
""" # END TEST CONFIG
def test_xor_one_at_a_time(xor_weights):
    import numpy as np
    W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in xor_weights())
    for x1, x2 in [(1, 1), (0, 1), (0, 0), (1, 0)]:
        x = np.array([[x1, x2]])
        h = np.where(x @ W1 + b1 >= 0, 1, 0)
        y_hat = np.where(h @ W2 + b2 >= 0, 1, 0)
        assert y_hat.shape == (1, 1) and y_hat[0, 0] == (x1 ^ x2), f"wrong output at ({x1}, {x2})"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (the decision boundary of a perceptron).** A perceptron with two
# inputs, weights $w = (w_1, w_2)$ and bias $w_0$ is undecided ($z = 0$, so
# $\sigma(z) = 0.5$) exactly on the line
#
# $$w_0 + w_1 x_1 + w_2 x_2 = 0.$$
#
# Write `decision_boundary(w, w_0)` returning `(slope, intercept)` as two floats
# such that this line is $x_2 = \text{slope} \cdot x_1 + \text{intercept}$. If
# $w_2 = 0$ the line is vertical and has no slope: raise a `ValueError`.

# %% [raw]
# # BEGIN SOLUTION

# %%
def decision_boundary(w, w_0):
    w_1, w_2 = float(w[0]), float(w[1])
    # BEGIN SOLUTION
    if w_2 == 0.0:
        raise ValueError("w_2 = 0: the boundary is the vertical line x_1 = -w_0 / w_1")
    return -w_1 / w_2, -w_0 / w_2
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For w = (2, -4) and w_0 = 1 the line 1 + 2 x1 - 4 x2 = 0 is x2 = 0.5 x1 + 0.25.
  Solve for x2: slope = -w1 / w2 and intercept = -w0 / w2. Getting 2 for the slope
  means you divided the wrong way (-w2 / w1); getting -0.5 or -0.25 means a sign
  was lost; getting -0.5 for the intercept means you divided w0 by w1.
""" # END TEST CONFIG
def test_boundary_values(decision_boundary):
    slope, intercept = decision_boundary([2.0, -4.0], 1.0)
    assert abs(float(slope) - 0.5) < 1e-12, f"slope = {slope}, expected 0.5"
    assert abs(float(intercept) - 0.25) < 1e-12, f"intercept = {intercept}, expected 0.25"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Points (x1, slope * x1 + intercept) on your line must satisfy
  w_0 + w_1 x1 + w_2 x2 = 0 (here w = (1.5, 3), w_0 = -2, so the line is
  x2 = -0.5 x1 + 2/3).
""" # END TEST CONFIG
def test_boundary_on_line(decision_boundary):
    import numpy as np
    w, w_0 = np.array([1.5, 3.0]), -2.0
    slope, intercept = decision_boundary(w, w_0)
    for x1 in [-3.0, 0.0, 2.5]:
        x2 = float(slope) * x1 + float(intercept)
        z = w_0 + w[0] * x1 + w[1] * x2
        assert abs(z) < 1e-9, f"the point ({x1}, {x2}) of your line has z = {z}, not 0"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  decision_boundary(w, w_0) with w_2 = 0 must raise a ValueError (the boundary is
  the vertical line x1 = -w_0 / w_1, which has no slope).
""" # END TEST CONFIG
def test_boundary_vertical(decision_boundary):
    import numpy as np
    try:
        decision_boundary(np.array([2.0, 0.0]), 1.0)
    except ValueError:
        return
    raise AssertionError("no ValueError for w_2 = 0")

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  decision_boundary is wrong for unseen random weights: slope = -w1 / w2 and
  intercept = -w0 / w2.
""" # END TEST CONFIG
def test_boundary_random(decision_boundary):
    import numpy as np
    rng = np.random.default_rng(8)
    for _ in range(20):
        w, w_0 = rng.normal(0.0, 3.0, size=2), float(rng.normal(0.0, 3.0))
        slope, intercept = decision_boundary(w, w_0)
        for x1 in rng.uniform(-5, 5, size=3):
            x2 = float(slope) * x1 + float(intercept)
            assert abs(w_0 + w[0] * x1 + w[1] * x2) < 1e-8 * (1 + abs(w[0] * x1) + abs(w_0))
        assert np.isclose(float(slope), -w[0] / w[1]) and np.isclose(float(intercept), -w_0 / w[1])

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  decision_boundary is wrong for a boundary through the origin (w_0 = 0), for a
  negative w_2, or for integer inputs given as a list and an int.
""" # END TEST CONFIG
def test_boundary_special(decision_boundary):
    slope, intercept = decision_boundary([3, -2], 0)
    assert abs(float(slope) - 1.5) < 1e-12 and abs(float(intercept)) < 1e-12, f"got ({slope}, {intercept}), expected (1.5, 0)"
    slope, intercept = decision_boundary([-1, 5], 7)
    assert abs(float(slope) - 0.2) < 1e-12 and abs(float(intercept) + 1.4) < 1e-12, f"got ({slope}, {intercept}), expected (0.2, -1.4)"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION
