# %% [raw]
# # ASSIGNMENT CONFIG
# name: ch04-backpropagation
# export_cell: false
# tests:
#   files: true
#   ok_format: false

# %% [markdown]
# # Chapter 4 exercises: backpropagation
#
# Fill in every `...`, run the notebook top to bottom, and check each answer with
# `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch04-backpropagation.ipynb` checks them all. Use numpy (and plain
# Python) only: the point is to compute every gradient yourself, so no
# `torch.autograd`.
#
# The checks in this notebook are the public tests. Your submission is also graded
# on hidden tests with inputs you never see (other shapes, other values), so write
# code that is right for every input, not just for the examples.
#
# Conventions, as in the chapter: a batch of $n$ examples is a matrix $X$ of shape
# $(n, d)$, one example per row; a dense layer has weights $W$ of shape
# $(d_\text{in}, d_\text{out})$ and biases $b$ of shape $(d_\text{out},)$ and
# computes $Z = XW + b$, $A = g(Z)$. A gradient always has the shape of the thing
# it is the gradient with respect to: $\partial J / \partial W$ has the shape of
# $W$.

# %%
import math

import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (local backward rules).** Every node of a computational graph
# receives the gradient of the loss with respect to its output, `grad_out`
# $= \partial J / \partial c$, and passes on the gradient with respect to each
# input by the chain rule: $\partial J / \partial a = \frac{\partial J}{\partial c}
# \cdot \frac{\partial c}{\partial a}$. Write the backward rules of three nodes:
#
# - `mul_backward(a, b, grad_out)` for $c = a \cdot b$, returning the tuple
#   $(\partial J/\partial a, \partial J/\partial b)$;
# - `div_backward(a, b, grad_out)` for $c = a / b$, returning
#   $(\partial J/\partial a, \partial J/\partial b)$;
# - `tanh_backward(a, grad_out)` for $c = \tanh(a)$, returning
#   $\partial J/\partial a$.
#
# The arguments are numbers, or numpy arrays of one shape (then everything is
# element-wise, and the results have that shape too).

# %% [raw]
# # BEGIN SOLUTION

# %%
def mul_backward(a, b, grad_out):
    # BEGIN SOLUTION
    return grad_out * b, grad_out * a
    # END SOLUTION


def div_backward(a, b, grad_out):
    # BEGIN SOLUTION
    return grad_out / b, -grad_out * a / b ** 2
    # END SOLUTION


def tanh_backward(a, grad_out):
    # BEGIN SOLUTION
    return grad_out * (1 - np.tanh(a) ** 2)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For c = a b with a = 3, b = -2 and grad_out = 0.5: dJ/da = grad_out * b = -1 and
  dJ/db = grad_out * a = 1.5. Getting (1.5, -1) means you swapped them (each input
  gets the *other* input); getting (-2, 3) means you forgot to multiply by grad_out.
""" # END TEST CONFIG
def test_mul_backward(mul_backward):
    da, db = mul_backward(3.0, -2.0, 0.5)
    assert abs(float(da) + 1.0) < 1e-12 and abs(float(db) - 1.5) < 1e-12, \
        f"mul_backward(3, -2, 0.5) = ({da}, {db}), expected (-1.0, 1.5)"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For c = a / b with a = 3, b = -2 and grad_out = 0.5: dJ/da = grad_out / b = -0.25
  and dJ/db = -grad_out a / b^2 = -0.375. A value of +0.375 for dJ/db has the sign
  wrong (d(1/b)/db = -1/b^2); -0.125 means the factor a is missing.
""" # END TEST CONFIG
def test_div_backward(div_backward):
    da, db = div_backward(3.0, -2.0, 0.5)
    assert abs(float(da) + 0.25) < 1e-12 and abs(float(db) + 0.375) < 1e-12, \
        f"div_backward(3, -2, 0.5) = ({da}, {db}), expected (-0.25, -0.375)"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For c = tanh(a) with a = 0.5 and grad_out = 2: dJ/da = grad_out (1 - tanh(a)^2)
  = 1.5729. 0.9242 is grad_out * tanh(a), the function instead of its derivative;
  1.0758 is grad_out (1 - tanh(a)), with the square missing.
""" # END TEST CONFIG
def test_tanh_backward(tanh_backward):
    da = tanh_backward(0.5, 2.0)
    assert abs(float(da) - 1.5728954659318548) < 1e-10, f"tanh_backward(0.5, 2) = {da}, expected 1.5729"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  mul_backward is wrong on unseen arrays: (grad_out * b, grad_out * a), element-wise.
""" # END TEST CONFIG
def test_mul_backward_arrays(mul_backward):
    import numpy as np
    rng = np.random.default_rng(41)
    a, b, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    da, db = mul_backward(a, b, g)
    expected_a = np.array([[g[i, j] * b[i, j] for j in range(4)] for i in range(3)])
    expected_b = np.array([[g[i, j] * a[i, j] for j in range(4)] for i in range(3)])
    assert np.shape(da) == (3, 4) and np.allclose(da, expected_a, rtol=1e-12, atol=0)
    assert np.shape(db) == (3, 4) and np.allclose(db, expected_b, rtol=1e-12, atol=0)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  div_backward is wrong on unseen arrays: (grad_out / b, -grad_out a / b^2).
""" # END TEST CONFIG
def test_div_backward_arrays(div_backward):
    import numpy as np
    rng = np.random.default_rng(42)
    a, g = rng.normal(size=5), rng.normal(size=5)
    b = rng.uniform(0.5, 2.0, size=5) * rng.choice([-1.0, 1.0], size=5)
    da, db = div_backward(a, b, g)
    h = 1e-6  # the quotient rule, checked by central differences of a / b
    num_a = g * ((a + h) / b - (a - h) / b) / (2 * h)
    num_b = g * (a / (b + h) - a / (b - h)) / (2 * h)
    assert np.shape(da) == (5,) and np.allclose(da, num_a, rtol=1e-6, atol=1e-9)
    assert np.shape(db) == (5,) and np.allclose(db, num_b, rtol=1e-6, atol=1e-9)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  tanh_backward is wrong on unseen arrays: grad_out (1 - tanh(a)^2), element-wise,
  including for large |a| where it tends to 0.
""" # END TEST CONFIG
def test_tanh_backward_arrays(tanh_backward):
    import numpy as np
    a = np.array([[-3.0, -0.7, 0.0], [0.3, 1.9, 25.0]])
    g = np.array([[1.5, -2.0, 0.5], [3.0, -1.0, 4.0]])
    da = np.asarray(tanh_backward(a, g))
    expected = g * 4 / (np.exp(a) + np.exp(-a)) ** 2  # sech^2 = 1 - tanh^2
    assert da.shape == (2, 3) and np.allclose(da, expected, rtol=1e-10, atol=1e-15)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (your own autograd engine).** Below is a tiny scalar engine: a
# `Value` holds a number `data` and, after `backward()`, the gradient `grad` of the
# final result with respect to it. The forward computations are written; fill in
#
# - the `_backward` rule of `+`, `*` and `tanh`: each adds its contribution to the
#   `grad` of its inputs, given `out.grad`. Use `+=`, not `=`: a value used twice
#   receives a gradient from each use;
# - `backward()`: set `self.grad = 1`, then call `_backward()` of every value in
#   the graph in *reverse topological order*, so that each value has received the
#   gradient from everything that uses it before it passes its own on.
#
# Then write `expression_grads(a, b, c)`, which builds
#
# $$u = a\,b, \qquad f = u \cdot \tanh(u + c) + a\,c$$
#
# with your `Value`s, runs `backward()`, and returns the tuple of plain numbers
# $(\partial f/\partial a, \partial f/\partial b, \partial f/\partial c)$.
# Note that $u$, $a$ and $c$ are each used twice.

# %% [raw]
# # BEGIN SOLUTION

# %%
class Value:
    def __init__(self, data, _prev=()):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = _prev

    def __add__(self, other):
        out = Value(self.data + other.data, (self, other))

        def _backward():
            # BEGIN SOLUTION
            self.grad += out.grad
            other.grad += out.grad
            # END SOLUTION
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other))

        def _backward():
            # BEGIN SOLUTION
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
            # END SOLUTION
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,))

        def _backward():
            # BEGIN SOLUTION
            self.grad += (1 - t * t) * out.grad
            # END SOLUTION
        out._backward = _backward
        return out

    def backward(self):
        # BEGIN SOLUTION
        order, visited = [], set()

        def visit(v):
            if id(v) not in visited:
                visited.add(id(v))
                for child in v._prev:
                    visit(child)
                order.append(v)

        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()
        # END SOLUTION


def expression_grads(a, b, c):
    a, b, c = Value(a), Value(b), Value(c)
    # BEGIN SOLUTION
    u = a * b
    f = u * (u + c).tanh() + a * c
    f.backward()
    return a.grad, b.grad, c.grad
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  At (a, b, c) = (0.5, -1.5, 0.25) the gradient of f = u tanh(u + c) + a c, u = a b,
  is (1.82793, -0.52598, -0.08984). Check each _backward rule (+ passes out.grad on
  unchanged, * sends each input out.grad times the *other* input, tanh multiplies by
  1 - tanh^2), that they use += (u, a and c are used twice), and that backward()
  visits the values in reverse topological order.
""" # END TEST CONFIG
def test_expression_grads_values(expression_grads):
    grads = expression_grads(0.5, -1.5, 0.25)
    expected = (1.8279294354766829, -0.5259764784922276, -0.08983579972444555)
    assert len(grads) == 3, f"expected a tuple of 3 partial derivatives, got {grads}"
    for got, want, name in zip(grads, expected, "abc"):
        assert abs(float(got) - want) < 1e-9, f"df/d{name} = {got}, expected {want} (all: {grads})"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The gradient is wrong at (a, b, c) = (1.2, 0.7, -0.4). In closed form, with
  u = a b, t = tanh(u + c) and G = t + u (1 - t^2): df/da = G b + c, df/db = G a,
  df/dc = u (1 - t^2) + a. If only values used twice are wrong, some rule uses =
  where it needs +=, or backward() passes a gradient on before it is complete (no
  topological order).
""" # END TEST CONFIG
def test_expression_grads_closed_form(expression_grads):
    import math
    a, b, c = 1.2, 0.7, -0.4
    u = a * b
    t = math.tanh(u + c)
    G = t + u * (1 - t * t)
    expected = (G * b + c, G * a, u * (1 - t * t) + a)
    grads = expression_grads(a, b, c)
    assert all(abs(float(g) - e) < 1e-9 for g, e in zip(grads, expected)), \
        f"expression_grads(1.2, 0.7, -0.4) = {grads}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  expression_grads is wrong at unseen points (or returns a different answer when it
  is called twice: build fresh Values on every call).
""" # END TEST CONFIG
def test_expression_grads_hidden(expression_grads):
    import math
    for a, b, c in [(-0.8, 1.1, 0.6), (2.0, -0.3, -1.7), (0.05, 3.0, 0.9), (-0.8, 1.1, 0.6)]:
        u = a * b
        t = math.tanh(u + c)
        G = t + u * (1 - t * t)
        expected = (G * b + c, G * a, u * (1 - t * t) + a)
        grads = expression_grads(a, b, c)
        assert len(grads) == 3 and all(abs(float(g) - e) < 1e-9 * (1 + abs(e)) for g, e in zip(grads, expected))

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  expression_grads disagrees with central finite differences of f on unseen points.
""" # END TEST CONFIG
def test_expression_grads_finite_differences(expression_grads):
    import math

    def f(a, b, c):
        u = a * b
        return u * math.tanh(u + c) + a * c

    h = 1e-6
    for a, b, c in [(1.5, -0.9, 0.2), (-1.1, -1.3, 0.45)]:
        numeric = ((f(a + h, b, c) - f(a - h, b, c)) / (2 * h),
                   (f(a, b + h, c) - f(a, b - h, c)) / (2 * h),
                   (f(a, b, c + h) - f(a, b, c - h)) / (2 * h))
        grads = expression_grads(a, b, c)
        assert all(abs(float(g) - n) < 1e-6 for g, n in zip(grads, numeric)), (grads, numeric)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (backward through one dense layer).** A dense layer computes
# $Z = XW + b$ and $A = g(Z)$ on a batch $X$ of shape $(n, d_\text{in})$.
# Backpropagation hands it $dA = \partial J / \partial A$, of shape
# $(n, d_\text{out})$, and needs back
#
# $$dZ = dA \odot g'(Z), \qquad
# dX = dZ\, W^\top, \qquad dW = X^\top dZ, \qquad db = \textstyle\sum_{i=1}^{n} dZ_{i,:}$$
#
# ($\odot$ is the element-wise product). Write `dense_backward(X, W, b, dA,
# activation)` returning the tuple `(dX, dW, db)`, with the shapes of `X`, `W` and
# `b`. `activation` is one of the strings `"identity"`, `"sigmoid"`, `"tanh"`,
# `"relu"`; for ReLU use $g'(0) = 0$. Note that $dA$ already carries the loss's
# $1/n$: do not divide again.

# %% [raw]
# # BEGIN SOLUTION

# %%
def dense_backward(X, W, b, dA, activation):
    X, W, b, dA = (np.asarray(v, dtype=float) for v in (X, W, b, dA))
    # BEGIN SOLUTION
    Z = X @ W + b
    if activation == "identity":
        g_prime = np.ones_like(Z)
    elif activation == "sigmoid":
        s = 1 / (1 + np.exp(-Z))
        g_prime = s * (1 - s)
    elif activation == "tanh":
        g_prime = 1 - np.tanh(Z) ** 2
    elif activation == "relu":
        g_prime = (Z > 0).astype(float)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    dZ = dA * g_prime                 # (n, d_out)
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With the identity activation dZ = dA, so dX = dA W^T (4x3), dW = X^T dA (3x2) and
  db = the column sums of dA (2,). A (2, 3) dW is dZ^T X (the transpose); a dX
  error usually means dZ W instead of dZ W^T; a db of shape (4, 2) was not summed
  over the batch, and a db 4 times too small was averaged instead of summed.
""" # END TEST CONFIG
def test_dense_backward_identity(dense_backward):
    import numpy as np
    X = np.array([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.0], [0.0, 2.0, 1.0], [3.0, -1.0, -2.0]])
    W = np.array([[1.0, -1.0], [2.0, 0.0], [0.0, 3.0]])
    b = np.array([0.5, -0.5])
    dA = np.array([[1.0, 0.0], [0.0, 2.0], [-1.0, 1.0], [2.0, 1.0]])
    dX, dW, db = dense_backward(X, W, b, dA, "identity")
    assert np.shape(dW) == (3, 2), f"dW has shape {np.shape(dW)}, expected (3, 2) like W"
    assert np.shape(db) == (2,), f"db has shape {np.shape(db)}, expected (2,) like b"
    assert np.shape(dX) == (4, 3), f"dX has shape {np.shape(dX)}, expected (4, 3) like X"
    assert np.allclose(dW, [[7.0, 1.0], [-4.0, 3.0], [-3.0, -1.0]]), f"dW = {np.asarray(dW).tolist()}"
    assert np.allclose(db, [2.0, 4.0]), f"db = {np.asarray(db).tolist()}, expected [2, 4]"
    assert np.allclose(dX, [[1.0, 2.0, 0.0], [-2.0, 0.0, 6.0], [-2.0, -2.0, 3.0], [1.0, 4.0, 3.0]]), \
        f"dX = {np.asarray(dX).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With tanh, dZ = dA * (1 - tanh(Z)^2) with Z = X W + b, the pre-activation. Wrong
  values usually mean g(Z) was used instead of g'(Z), the derivative was applied to
  A = g(Z) instead of Z, or dA was left out of dZ.
""" # END TEST CONFIG
def test_dense_backward_tanh(dense_backward):
    import numpy as np
    X = np.array([[0.5, -1.0, 0.2], [1.5, 0.3, -0.7], [-0.4, 0.8, 1.0], [0.1, -0.2, 0.6]])
    W = np.array([[0.3, -0.6], [0.9, 0.2], [-0.5, 0.4]])
    b = np.array([0.1, -0.3])
    dA = np.array([[0.2, -0.1], [0.05, 0.3], [-0.25, 0.15], [0.1, 0.1]])
    dX, dW, db = dense_backward(X, W, b, dA, "tanh")
    # element by element, independently of matrix products
    Z = [[sum(X[i, k] * W[k, j] for k in range(3)) + b[j] for j in range(2)] for i in range(4)]
    dZ = [[dA[i, j] * (1 - np.tanh(Z[i][j]) ** 2) for j in range(2)] for i in range(4)]
    exp_dW = [[sum(X[i, k] * dZ[i][j] for i in range(4)) for j in range(2)] for k in range(3)]
    exp_db = [sum(dZ[i][j] for i in range(4)) for j in range(2)]
    exp_dX = [[sum(dZ[i][j] * W[k, j] for j in range(2)) for k in range(3)] for i in range(4)]
    assert np.shape(dW) == (3, 2) and np.allclose(dW, exp_dW, rtol=1e-10, atol=1e-13), f"dW = {np.asarray(dW).tolist()}"
    assert np.shape(db) == (2,) and np.allclose(db, exp_db, rtol=1e-10, atol=1e-13), f"db = {np.asarray(db).tolist()}"
    assert np.shape(dX) == (4, 3) and np.allclose(dX, exp_dX, rtol=1e-10, atol=1e-13), f"dX = {np.asarray(dX).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With ReLU, dZ = dA where Z > 0 and 0 where Z <= 0. Here Z = X W + b has entries of
  both signs; check that the mask comes from Z (not from A or X) and that you use
  the derivative (0 or 1), not ReLU(Z) itself.
""" # END TEST CONFIG
def test_dense_backward_relu(dense_backward):
    import numpy as np
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [2.0, -1.0]])
    W = np.array([[1.0, -1.0, 0.5], [0.5, 1.0, -2.0]])
    b = np.array([-0.5, 0.25, 1.0])
    dA = np.array([[2.0, 1.0, -1.0], [1.0, 3.0, 2.0], [-2.0, 1.0, 1.0]])
    # Z = [[1.5, 1.25, -2.5], [-1.25, 1.75, -0.5], [1.0, -2.75, 4.0]]
    dZ = np.array([[2.0, 1.0, 0.0], [0.0, 3.0, 0.0], [-2.0, 0.0, 1.0]])
    dX, dW, db = dense_backward(X, W, b, dA, "relu")
    assert np.allclose(db, [0.0, 4.0, 1.0]), f"db = {np.asarray(db).tolist()}, expected [0, 4, 1]"
    assert np.allclose(dW, [[-2.0, -2.0, 2.0], [6.0, 3.5, -1.0]]), f"dW = {np.asarray(dW).tolist()}"
    assert np.allclose(dX, [[1.0, 2.0], [-3.0, 3.0], [-1.5, -3.0]]), f"dX = {np.asarray(dX).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  dense_backward is wrong for a sigmoid layer on an unseen batch (checked against
  finite differences of sum(dA * sigmoid(X W + b))).
""" # END TEST CONFIG
def test_dense_backward_sigmoid_numeric(dense_backward):
    import numpy as np
    rng = np.random.default_rng(7)
    X, W, b, dA = rng.normal(size=(6, 4)), rng.normal(size=(4, 3)), rng.normal(size=3), rng.normal(size=(6, 3))

    def J(X_, W_, b_):  # dJ/dA = dA exactly for this J
        return float(np.sum(dA / (1 + np.exp(-(X_ @ W_ + b_)))))

    def num(which, P):
        G = np.zeros_like(P)
        for idx in np.ndindex(P.shape):
            Pp, Pm = P.copy(), P.copy()
            Pp[idx] += 1e-6
            Pm[idx] -= 1e-6
            args_p = [Pp if k == which else v for k, v in enumerate((X, W, b))]
            args_m = [Pm if k == which else v for k, v in enumerate((X, W, b))]
            G[idx] = (J(*args_p) - J(*args_m)) / 2e-6
        return G

    dX, dW, db = dense_backward(X, W, b, dA, "sigmoid")
    for got, P, which in [(dX, X, 0), (dW, W, 1), (db, b, 2)]:
        assert np.shape(got) == P.shape and np.allclose(got, num(which, P), rtol=1e-6, atol=1e-8)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  dense_backward is wrong for tanh, ReLU or identity layers on an unseen batch of 7
  examples (d_in = 5, d_out = 2).
""" # END TEST CONFIG
def test_dense_backward_hidden_activations(dense_backward):
    import numpy as np
    rng = np.random.default_rng(8)
    X, W, b, dA = rng.normal(size=(7, 5)), rng.normal(size=(5, 2)), rng.normal(size=2), rng.normal(size=(7, 2))
    Z = np.einsum("ik,kj->ij", X, W) + b
    for name, gp in [("tanh", 4 / (np.exp(Z) + np.exp(-Z)) ** 2), ("relu", (Z > 0) * 1.0),
                     ("identity", np.ones_like(Z))]:
        dZ = dA * gp
        dX, dW, db = dense_backward(X, W, b, dA, name)
        assert np.shape(dW) == (5, 2) and np.allclose(dW, np.einsum("ik,ij->kj", X, dZ)), name
        assert np.shape(db) == (2,) and np.allclose(db, np.einsum("ij->j", dZ)), name
        assert np.shape(dX) == (7, 5) and np.allclose(dX, np.einsum("ij,kj->ik", dZ, W)), name

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (backpropagation through a two-layer network).** A network with one
# tanh hidden layer and one output logit per example,
#
# $$H = \tanh(X W_1 + b_1), \qquad z = H W_2 + b_2, \qquad
# J = \frac{1}{n}\sum_{i=1}^{n} \Bigl[\log\bigl(1 + e^{z_i}\bigr) - y_i z_i\Bigr],$$
#
# is trained with the binary cross-entropy of $\sigma(z)$ (chapter 3, "with
# logits"). Shapes: $X$ is $(n, d)$, $y$ is $(n,)$ with labels in $\{0, 1\}$, $W_1$
# is $(d, m)$, $b_1$ is $(m,)$, $W_2$ is $(m, 1)$, $b_2$ is $(1,)$, so $z$ is
# $(n, 1)$. Write `mlp_grads(X, y, W1, b1, W2, b2)` returning the dictionary
# `{"W1": ..., "b1": ..., "W2": ..., "b2": ...}` of the gradients of $J$, each with
# the shape of its parameter. Start from $\partial J / \partial z =
# (\sigma(z) - y) / n$ and apply the chain rule layer by layer. Watch the shape of
# $y$: $(n,)$ minus $(n, 1)$ broadcasts to $(n, n)$ in numpy.

# %% [raw]
# # BEGIN SOLUTION

# %%
def mlp_grads(X, y, W1, b1, W2, b2):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    # BEGIN SOLUTION
    n = X.shape[0]
    Z1 = X @ W1 + b1                          # (n, m)
    H = np.tanh(Z1)
    z = H @ W2 + b2                           # (n, 1)
    delta2 = (1 / (1 + np.exp(-z)) - y.reshape(n, 1)) / n   # dJ/dz, (n, 1)
    delta1 = (delta2 @ W2.T) * (1 - H ** 2)   # dJ/dZ1, (n, m)
    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0),
            "W2": H.T @ delta2, "b2": delta2.sum(axis=0)}
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Each gradient must have the shape of its parameter: W1 (3, 4), b1 (4,), W2 (4, 1),
  b2 (1,) here (n = 5 examples). A W2 gradient of shape (4, 5) or a shape error
  usually comes from y of shape (5,) broadcasting against z of shape (5, 1) into
  (5, 5): reshape y to (n, 1) first.
""" # END TEST CONFIG
def test_mlp_grads_shapes(mlp_grads):
    import numpy as np
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(5, 3)), np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    W1, b1, W2, b2 = rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=(4, 1)), rng.normal(size=1)
    grads = mlp_grads(X, y, W1, b1, W2, b2)
    shapes = {k: np.shape(grads[k]) for k in ("W1", "b1", "W2", "b2")}
    assert shapes == {"W1": (3, 4), "b1": (4,), "W2": (4, 1), "b2": (1,)}, f"shapes {shapes}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The gradients disagree with finite differences of J on this batch of 5. A sign
  error (y - sigma(z) instead of sigma(z) - y) flips every gradient; n times too
  large means the loss was summed instead of averaged (no 1/n); wrong W1 and b1 but
  right W2 and b2 means the tanh derivative 1 - H^2 is missing or wrong; a wrong b1
  alone means it was not summed over the batch.
""" # END TEST CONFIG
def test_mlp_grads_numeric(mlp_grads):
    import numpy as np
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(5, 3)), np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    P = {"W1": rng.normal(size=(3, 4)), "b1": rng.normal(size=4), "W2": rng.normal(size=(4, 1)),
         "b2": rng.normal(size=1)}

    def J(Q):
        z = (np.tanh(X @ Q["W1"] + Q["b1"]) @ Q["W2"] + Q["b2"])[:, 0]
        return float(np.mean(np.log1p(np.exp(z)) - y * z))

    grads = mlp_grads(X, y, P["W1"], P["b1"], P["W2"], P["b2"])
    for name in ("W1", "b1", "W2", "b2"):
        numeric = np.zeros_like(P[name])
        for idx in np.ndindex(P[name].shape):
            plus, minus = {**P, name: P[name].copy()}, {**P, name: P[name].copy()}
            plus[name][idx] += 1e-6
            minus[name][idx] -= 1e-6
            numeric[idx] = (J(plus) - J(minus)) / 2e-6
        got = np.asarray(grads[name])
        assert got.shape == numeric.shape and np.allclose(got, numeric, rtol=1e-6, atol=1e-9), \
            f"d J / d {name} = {got.tolist()}, finite differences give {numeric.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  J is a mean over the batch, so feeding the same 3 examples twice (a batch of 6)
  must give exactly the same gradients as feeding them once. Yours change: a sum
  where the loss has a mean (dJ/dz must be (sigma(z) - y) / n), or an extra 1/n in
  the biases.
""" # END TEST CONFIG
def test_mlp_grads_mean_over_batch(mlp_grads):
    import numpy as np
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(3, 2)), np.array([0.0, 1.0, 1.0])
    W1, b1, W2, b2 = rng.normal(size=(2, 5)), rng.normal(size=5), rng.normal(size=(5, 1)), rng.normal(size=1)
    once = mlp_grads(X, y, W1, b1, W2, b2)
    twice = mlp_grads(np.vstack([X, X]), np.concatenate([y, y]), W1, b1, W2, b2)
    for k in ("W1", "b1", "W2", "b2"):
        assert np.allclose(once[k], twice[k], rtol=1e-12, atol=1e-15), f"{k}: {once[k]} vs {twice[k]}"
    assert np.any(np.abs(np.asarray(once["b1"])) > 1e-3)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  mlp_grads is wrong on an unseen network (d = 4, m = 6, n = 9), checked against
  backpropagation written out example by example.
""" # END TEST CONFIG
def test_mlp_grads_hidden(mlp_grads):
    import numpy as np
    rng = np.random.default_rng(2025)
    n, d, m = 9, 4, 6
    X, y = rng.normal(size=(n, d)), rng.integers(0, 2, size=n).astype(float)
    W1, b1, W2, b2 = rng.normal(size=(d, m)), rng.normal(size=m), rng.normal(size=(m, 1)), rng.normal(size=1)
    exp = {"W1": np.zeros((d, m)), "b1": np.zeros(m), "W2": np.zeros((m, 1)), "b2": np.zeros(1)}
    for x, t in zip(X, y):  # one example at a time: the chain rule, scalar by scalar
        h = [np.tanh(sum(x[k] * W1[k, j] for k in range(d)) + b1[j]) for j in range(m)]
        z = sum(h[j] * W2[j, 0] for j in range(m)) + b2[0]
        dz = (1 / (1 + np.exp(-z)) - t) / n
        exp["b2"][0] += dz
        for j in range(m):
            exp["W2"][j, 0] += h[j] * dz
            dzj = dz * W2[j, 0] * (1 - h[j] ** 2)
            exp["b1"][j] += dzj
            for k in range(d):
                exp["W1"][k, j] += x[k] * dzj
    grads = mlp_grads(X, y, W1, b1, W2, b2)
    for k in exp:
        assert np.shape(grads[k]) == exp[k].shape and np.allclose(grads[k], exp[k], rtol=1e-9, atol=1e-13), k

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  mlp_grads is wrong for a batch of one example, or for confident predictions
  (large |z|), or when y is given as integers.
""" # END TEST CONFIG
def test_mlp_grads_hidden_edge(mlp_grads):
    import numpy as np
    X = np.array([[0.5, -1.0, 2.0]])
    W1 = np.array([[1.0, -0.5], [0.25, 0.75], [-1.0, 0.5]])
    b1 = np.array([0.1, -0.2])
    W2 = np.array([[2.0], [-1.5]])
    b2 = np.array([0.3])
    grads = mlp_grads(X, np.array([1]), W1, b1, W2, b2)
    h = np.tanh(X @ W1 + b1)[0]
    z = h @ W2[:, 0] + b2[0]
    dz = 1 / (1 + np.exp(-z)) - 1.0
    assert np.allclose(grads["b2"], [dz]) and np.allclose(grads["W2"], (h * dz)[:, None])
    dz1 = dz * W2[:, 0] * (1 - h ** 2)
    assert np.allclose(grads["b1"], dz1) and np.allclose(grads["W1"], np.outer(X[0], dz1))
    big = mlp_grads(np.vstack([X, -X]), np.array([0, 1]), 5 * W1, b1, 20 * W2, b2)
    assert all(np.all(np.isfinite(big[k])) for k in big)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (a numerical gradient).** The function below is the loss of
# Question 4's network, written once more so that this question stands on its
# own. `params` is a dictionary `{"W1", "b1", "W2", "b2"}` of numpy arrays. Do not
# change it.

# %%
def mlp_loss(params, X, y):
    """Mean binary cross-entropy with logits of the tanh network of Question 4."""
    H = np.tanh(X @ params["W1"] + params["b1"])
    z = (H @ params["W2"] + params["b2"])[:, 0]
    return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))

# %% [markdown]
# Write `numerical_gradient(params, X, y, name, h=1e-5)` returning the gradient of
# `mlp_loss(params, X, y)` with respect to the array `params[name]`, by central
# differences: for every entry $w$ of that array (whatever its shape),
#
# $$\frac{\partial J}{\partial w} \approx \frac{J(w + h) - J(w - h)}{2h},$$
#
# moving that one entry and keeping every other entry fixed. Return an array with
# the shape of `params[name]`. When your function returns, every array in `params`
# must hold exactly its original values: work on copies, or restore what you move.
# (Central differences have an error of order $h^2$; the one-sided
# $(J(w + h) - J(w))/h$ only of order $h$, which the tests can tell apart.)

# %% [raw]
# # BEGIN SOLUTION

# %%
def numerical_gradient(params, X, y, name, h=1e-5):
    # BEGIN SOLUTION
    grad = np.zeros_like(np.asarray(params[name], dtype=float))
    for idx in np.ndindex(grad.shape):
        plus = {**params, name: np.array(params[name], dtype=float)}
        minus = {**params, name: np.array(params[name], dtype=float)}
        plus[name][idx] += h
        minus[name][idx] -= h
        grad[idx] = (mlp_loss(plus, X, y) - mlp_loss(minus, X, y)) / (2 * h)
    return grad
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  numerical_gradient(params, X, y, 'W1', h=1e-4) must match the exact gradient of
  the loss with respect to W1 (shape (2, 3)) to about 1e-8. A factor of 2 means you
  divided by h instead of 2h; an error of about 1e-4 means a one-sided difference
  (J(w + h) - J(w)) / h; the same value in every entry means you moved all entries
  at once instead of one at a time.
""" # END TEST CONFIG
def test_numerical_gradient_W1(numerical_gradient):
    import numpy as np
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(4, 2)), np.array([1.0, 0.0, 1.0, 1.0])
    P = {"W1": rng.normal(size=(2, 3)), "b1": rng.normal(size=3), "W2": rng.normal(size=(3, 1)),
         "b2": rng.normal(size=1)}
    H = np.tanh(X @ P["W1"] + P["b1"])
    z = H @ P["W2"] + P["b2"]
    delta1 = ((1 / (1 + np.exp(-z)) - y[:, None]) / 4 @ P["W2"].T) * (1 - H ** 2)
    exact = X.T @ delta1  # backpropagation by hand
    got = np.asarray(numerical_gradient(P, X, y, "W1", h=1e-4))
    assert got.shape == (2, 3), f"shape {got.shape}, expected (2, 3) like W1"
    assert np.allclose(got, exact, rtol=0, atol=1e-8), \
        f"got {got.tolist()}, expected {exact.tolist()} (max error {np.abs(got - exact).max():.1e})"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  numerical_gradient must return the gradient with respect to b2 (shape (1,)) and
  leave every array in params as it found it. If params changed, you moved entries
  in place and did not put them back: work on a copy, or restore each entry.
""" # END TEST CONFIG
def test_numerical_gradient_b2_and_no_side_effects(numerical_gradient):
    import numpy as np
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(5, 3)), np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    P = {"W1": rng.normal(size=(3, 2)), "b1": rng.normal(size=2), "W2": rng.normal(size=(2, 1)),
         "b2": rng.normal(size=1)}
    saved = {k: v.copy() for k, v in P.items()}
    z = np.tanh(X @ P["W1"] + P["b1"]) @ P["W2"] + P["b2"]
    exact = np.array([np.mean(1 / (1 + np.exp(-z[:, 0])) - y)])
    got = np.asarray(numerical_gradient(P, X, y, "b2"))
    assert got.shape == (1,) and np.allclose(got, exact, rtol=0, atol=1e-8), f"got {got}, expected {exact}"
    got_W2 = np.asarray(numerical_gradient(P, X, y, "W2", h=1e-3))
    assert got_W2.shape == (2, 1), f"shape {got_W2.shape}, expected (2, 1) like W2"
    for k in P:
        assert np.allclose(P[k], saved[k], rtol=0, atol=1e-12), f"params[{k!r}] was changed by numerical_gradient"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  numerical_gradient is wrong on unseen parameters (b1 and W2 of a larger network):
  central differences, one entry at a time, (J(w + h) - J(w - h)) / (2h).
""" # END TEST CONFIG
def test_numerical_gradient_hidden(numerical_gradient):
    import numpy as np
    rng = np.random.default_rng(30)
    n = 7
    X, y = rng.normal(size=(n, 4)), rng.integers(0, 2, size=n).astype(float)
    P = {"W1": rng.normal(size=(4, 5)), "b1": rng.normal(size=5), "W2": rng.normal(size=(5, 1)),
         "b2": rng.normal(size=1)}
    H = np.tanh(X @ P["W1"] + P["b1"])
    dz = (1 / (1 + np.exp(-(H @ P["W2"] + P["b2"]))) - y[:, None]) / n
    exact = {"W2": H.T @ dz, "b1": ((dz @ P["W2"].T) * (1 - H ** 2)).sum(axis=0)}
    for name, h in [("b1", 1e-3), ("W2", 1e-4)]:
        got = np.asarray(numerical_gradient(P, X, y, name, h=h))
        assert got.shape == exact[name].shape and np.allclose(got, exact[name], rtol=0, atol=3e-7), name

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  numerical_gradient changed the caller's params, or is wrong with the default h,
  on an unseen network.
""" # END TEST CONFIG
def test_numerical_gradient_hidden_default_h(numerical_gradient):
    import numpy as np
    rng = np.random.default_rng(31)
    X, y = rng.normal(size=(6, 2)), np.array([1.0, 1.0, 0.0, 0.0, 1.0, 0.0])
    P = {"W1": rng.normal(size=(2, 4)), "b1": rng.normal(size=4), "W2": rng.normal(size=(4, 1)),
         "b2": rng.normal(size=1)}
    saved = {k: v.copy() for k, v in P.items()}
    H = np.tanh(X @ P["W1"] + P["b1"])
    dz = (1 / (1 + np.exp(-(H @ P["W2"] + P["b2"]))) - y[:, None]) / 6
    exact = X.T @ ((dz @ P["W2"].T) * (1 - H ** 2))
    got = np.asarray(numerical_gradient(P, X, y, "W1"))
    assert got.shape == (2, 4) and np.allclose(got, exact, rtol=0, atol=1e-9)
    assert all(np.allclose(P[k], saved[k], rtol=0, atol=1e-12) for k in P)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION
