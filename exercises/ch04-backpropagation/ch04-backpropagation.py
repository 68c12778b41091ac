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
# **How to work.** Fill in every `...`, run the notebook top to bottom, and check each
# answer with `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch04-backpropagation.ipynb` checks them all (its exit status is 0 only
# when every public test passes).
#
# **What you may use.** numpy and plain Python. Do **not** import `dlbook`, the book's
# own package: the exercises are solved without it, and importing it fails when your
# notebook is checked or graded. No `torch.autograd` either: the point is to compute
# every gradient yourself.
#
# **What is graded.** The checks in this notebook are the public tests. Your
# submission is also graded on hidden tests with inputs you never see (other shapes,
# other values, other graphs), so write code that is right for every input, not just
# for the examples.
#
# **Reasoning questions.** Questions 1 (derive), 5 (debug) and 6 (predict) ask you to
# reason rather than to code an algorithm: Question 1 wants numbers worked out by hand,
# Question 5 a corrected version of a buggy function, Question 6 numbers you predict
# before (or instead of) running anything. Questions 2, 3 and 4 are coding questions.
#
# Conventions, as in the chapter: a batch of $n$ examples is a matrix $X$ of shape
# $(n, d)$, one example per row; a dense layer has weights $W$ of shape
# $(d_\text{in}, d_\text{out})$ and biases $b$ of shape $(d_\text{out},)$ and computes
# $Z = XW + b$. A gradient always has the shape of the thing it is the gradient with
# respect to: $\partial J / \partial W$ has the shape of $W$.

# %%
import math

import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (derive: backpropagation through a small graph, by hand).** With the
# inputs $x = 3$, $y = -2$, $z = 4$, a computation runs through these nodes:
#
# $$q = x + y, \qquad r = x\,z, \qquad s = q\,r, \qquad t = \operatorname{relu}(y\,z),
# \qquad f = s + t + q^2 .$$
#
# Work out the forward values, then the backward pass (start from
# $\partial f / \partial f = 1$, apply each node's local rule, add up the
# contributions of every path) and set `q1_grads` to the three numbers
# $(\partial f/\partial x,\ \partial f/\partial y,\ \partial f/\partial z)$.
# A pencil is the right tool; the answer is three numbers, not code.

# %% [raw]
# # BEGIN SOLUTION

# %%
q1_grads = (18.0, 14.0, 3.0)  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  df/dx is wrong. x reaches f along three paths: through q in s = q r, through q in
  q^2, and through r = x z. 14 misses the path through r (it contributes z dr = 4);
  16 misses q^2 (it contributes 2q = 2); 17 took d(q^2)/dq as q instead of 2q.
""" # END TEST CONFIG
def test_q1_dx(q1_grads):
    grads = [float(g) for g in q1_grads]
    assert len(grads) == 3, f"q1_grads must hold three numbers, got {q1_grads!r}"
    assert abs(grads[0] - 18.0) < 1e-6, f"df/dx = {grads[0]}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  df/dy is wrong. y enters through q (twice: in s and in q^2) and through y z inside
  the relu. Here y z = -8 < 0, so the relu passes no gradient back: a relu that is off
  blocks its path. 18 let the gradient through the relu; 12 or 13 lost the q^2 path or
  its factor 2.
""" # END TEST CONFIG
def test_q1_dy(q1_grads):
    grads = [float(g) for g in q1_grads]
    assert len(grads) == 3, f"q1_grads must hold three numbers, got {q1_grads!r}"
    assert abs(grads[1] - 14.0) < 1e-6, f"df/dy = {grads[1]}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  df/dz is wrong. z enters through r = x z (a product sends each input the upstream
  gradient times the *other* input) and through the relu, which is off here. 1 let
  the gradient through the relu (adding y = -2); 48 or 12 multiplied by the wrong
  input of a product.
""" # END TEST CONFIG
def test_q1_dz(q1_grads):
    grads = [float(g) for g in q1_grads]
    assert len(grads) == 3, f"q1_grads must hold three numbers, got {q1_grads!r}"
    assert abs(grads[2] - 3.0) < 1e-6, f"df/dz = {grads[2]}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  q1_grads is not the gradient (df/dx, df/dy, df/dz) of this graph.
""" # END TEST CONFIG
def test_q1_all(q1_grads):
    # checked against central differences of f, one input at a time
    def f(x, y, z):
        q = x + y
        return q * (x * z) + max(y * z, 0.0) + q * q

    grads = [float(g) for g in q1_grads]
    h = 1e-6
    numeric = [(f(3 + h, -2, 4) - f(3 - h, -2, 4)) / (2 * h),
               (f(3, -2 + h, 4) - f(3, -2 - h, 4)) / (2 * h),
               (f(3, -2, 4 + h) - f(3, -2, 4 - h)) / (2 * h)]
    assert len(grads) == 3 and all(abs(g - e) < 1e-5 for g, e in zip(grads, numeric))

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (code: an autograd engine for a graph given as data).** The chapter's
# `Value` builds its graph while the forward computation runs. Here the graph is handed
# to you as plain data instead, and in no particular order:
#
# - `inputs` is a dictionary `{name: number}`;
# - `nodes` is a list of triples `(name, op, args)`: `op` is one of `"add"` ($a + b$),
#   `"mul"` ($a\,b$), `"tanh"`, `"exp"`, `"relu"`, and `args` is a list of the names of
#   its arguments (inputs or other nodes): two for `"add"` and `"mul"`, one for the
#   others. Both arguments may be the same name (`("sq", "mul", ["a", "a"])` is
#   $a^2$).
#
# Every name is defined once and the graph has no cycles, but a node may come in the
# list **before** the nodes it uses. Write `graph_grads(inputs, nodes, output)`
# returning a dictionary that maps **every** input name and **every** node name to
# $\partial\,\text{output} / \partial\,\text{name}$, a number (0 for a value the output
# does not depend on). Use the chapter's local rules; the relu passes the gradient on
# only where its input is $> 0$ (so $\operatorname{relu}'(0) = 0$). Do not modify
# `inputs` or `nodes`.
#
# You will need an order in which every node comes after its arguments (a topological
# order) for the forward pass, and its reverse for the backward pass, in which
# gradients are *added up* over the uses of a value.

# %% [raw]
# # BEGIN SOLUTION

# %%
def graph_grads(inputs, nodes, output):
    # BEGIN SOLUTION
    defs = {name: (op, list(args)) for name, op, args in nodes}
    order, seen = [], set()

    def visit(name):  # depth first: a node goes after all of its arguments
        if name in seen or name not in defs:
            return
        seen.add(name)
        for arg in defs[name][1]:
            visit(arg)
        order.append(name)

    for name in defs:
        visit(name)

    value = {name: float(v) for name, v in inputs.items()}
    for name in order:
        op, args = defs[name]
        a = [value[arg] for arg in args]
        if op == "add":
            value[name] = a[0] + a[1]
        elif op == "mul":
            value[name] = a[0] * a[1]
        elif op == "tanh":
            value[name] = math.tanh(a[0])
        elif op == "exp":
            value[name] = math.exp(a[0])
        elif op == "relu":
            value[name] = max(a[0], 0.0)
        else:
            raise ValueError(f"unknown op {op!r}")

    grad = {name: 0.0 for name in value}
    grad[output] = 1.0
    for name in reversed(order):
        op, args = defs[name]
        g, a = grad[name], [value[arg] for arg in args]
        if op == "add":
            grad[args[0]] += g
            grad[args[1]] += g
        elif op == "mul":
            grad[args[0]] += a[1] * g
            grad[args[1]] += a[0] * g
        elif op == "tanh":
            grad[args[0]] += (1 - value[name] ** 2) * g
        elif op == "exp":
            grad[args[0]] += value[name] * g
        elif op == "relu":
            grad[args[0]] += g if a[0] > 0 else 0.0
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
  For f = u tanh(u + c) + a c with u = a b at (a, b, c) = (0.5, -1.5, 0.25), listed
  in topological order, some gradient is wrong. Check each rule (add passes the
  gradient on unchanged, mul sends each argument the gradient times the *other*
  argument, tanh multiplies by 1 - tanh^2), that gradients are added (+=, not =: u, a
  and c are each used twice), and that the backward pass runs in *reverse*
  topological order, so that a value has received everything before passing it on.
""" # END TEST CONFIG
def test_graph_grads_expression(graph_grads):
    import math
    nodes = [("u", "mul", ["a", "b"]), ("s", "add", ["u", "c"]), ("t", "tanh", ["s"]),
             ("p", "mul", ["u", "t"]), ("q", "mul", ["a", "c"]), ("f", "add", ["p", "q"])]
    a, b, c = 0.5, -1.5, 0.25
    g = graph_grads({"a": a, "b": b, "c": c}, nodes, "f")
    u = a * b
    t = math.tanh(u + c)
    du = t + u * (1 - t * t)
    expected = {"f": 1.0, "p": 1.0, "q": 1.0, "t": u, "s": u * (1 - t * t), "u": du,
                "a": du * b + c, "b": du * a, "c": u * (1 - t * t) + a}
    for name, want in expected.items():
        assert name in g, f"no gradient for {name!r} in the answer"
        assert abs(float(g[name]) - want) < 1e-9, f"d f / d {name} = {g[name]}, expected {want}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The same graph as the first check, with the nodes listed in a shuffled order, must
  give the same gradients. If it raised a KeyError or changed the values, your code
  assumes the list is already in topological order: sort it first (a depth-first
  search that appends a node after its arguments, or repeatedly taking the nodes whose
  arguments are all known).
""" # END TEST CONFIG
def test_graph_grads_any_order(graph_grads):
    import math
    nodes = [("f", "add", ["p", "q"]), ("t", "tanh", ["s"]), ("q", "mul", ["a", "c"]),
             ("s", "add", ["u", "c"]), ("p", "mul", ["u", "t"]), ("u", "mul", ["a", "b"])]
    a, b, c = 1.2, 0.7, -0.4
    g = graph_grads({"a": a, "b": b, "c": c}, nodes, "f")
    u = a * b
    t = math.tanh(u + c)
    du = t + u * (1 - t * t)
    expected = {"a": du * b + c, "b": du * a, "c": u * (1 - t * t) + a, "u": du, "s": u * (1 - t * t)}
    for name, want in expected.items():
        assert abs(float(g[name]) - want) < 1e-9, f"d f / d {name} = {g[name]}, expected {want}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Edge cases: here s = x + y is exactly 0, and relu'(0) = 0, so x and y get nothing
  through relu(s) (a nonzero dy means the relu passed the gradient at 0); sq = x * x
  must give 2x (both arguments are x: add both contributions); exp passes its own
  value times the gradient; 'dead' and 'w2' do not reach the output and must be in the
  answer with gradient 0; and inputs and nodes must not be modified.
""" # END TEST CONFIG
def test_graph_grads_edges(graph_grads):
    import copy
    inputs = {"x": 1.5, "y": -1.5, "w": 2.0, "w2": 7.0}
    nodes = [("s", "add", ["x", "y"]), ("r", "relu", ["s"]), ("e", "exp", ["r"]),
             ("sq", "mul", ["x", "x"]), ("t", "mul", ["x", "w"]), ("k", "relu", ["t"]),
             ("m", "add", ["sq", "e"]), ("out", "add", ["m", "k"]), ("dead", "tanh", ["w2"])]
    saved_inputs, saved_nodes = copy.deepcopy(inputs), copy.deepcopy(nodes)
    g = graph_grads(inputs, nodes, "out")
    expected = {"out": 1, "m": 1, "k": 1, "t": 1, "sq": 1, "e": 1, "r": 1, "s": 0,
                "x": 2 * 1.5 + 2.0, "y": 0, "w": 1.5, "w2": 0, "dead": 0}
    for name, want in expected.items():
        assert name in g, f"no gradient for {name!r} in the answer"
        assert abs(float(g[name]) - want) < 1e-12, f"d out / d {name} = {g[name]}, expected {want}"
    assert inputs == saved_inputs, f"inputs was modified: {inputs}"
    assert nodes == saved_nodes, "nodes was modified"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  graph_grads disagrees with forward-mode differentiation on unseen random graphs
  (nodes in shuffled order, values reused several times).
""" # END TEST CONFIG
def test_graph_grads_random(graph_grads):
    import math
    import random

    rules = {"add": (lambda a, b: a + b, lambda a, b, da, db: da + db),
             "mul": (lambda a, b: a * b, lambda a, b, da, db: da * b + a * db),
             "tanh": (lambda a: math.tanh(a), lambda a, da: (1 - math.tanh(a) ** 2) * da),
             "exp": (lambda a: math.exp(a), lambda a, da: math.exp(a) * da),
             "relu": (lambda a: max(a, 0.0), lambda a, da: da if a > 0 else 0.0)}

    def forward_mode(inputs, nodes, seed_name):
        """d(every value)/d(seed_name), treating seed_name as a free variable."""
        val = dict(inputs)
        dot = {k: float(k == seed_name) for k in inputs}
        for name, op, args in nodes:  # generated in topological order
            fwd, der = rules[op]
            a = [val[x] for x in args]
            val[name] = fwd(*a)
            dot[name] = 1.0 if name == seed_name else der(*a, *[dot[x] for x in args])
        return dot

    rng = random.Random(2024)
    for trial in range(12):
        inputs = {f"i{j}": round(rng.uniform(-1.5, 1.5), 3) for j in range(3)}
        names, nodes = list(inputs), []
        for j in range(rng.randint(4, 10)):
            op = rng.choice(["add", "mul", "mul", "tanh", "exp", "relu"])
            args = [rng.choice(names[-4:]) for _ in range(2 if op in ("add", "mul") else 1)]
            nodes.append((f"n{j}", op, args))
            names.append(f"n{j}")
        out = nodes[-1][0]
        expected = {k: forward_mode(inputs, nodes, k)[out] for k in names}
        shuffled = nodes[:]
        rng.shuffle(shuffled)
        g = graph_grads(dict(inputs), shuffled, out)
        for k in names:
            assert abs(float(g[k]) - expected[k]) <= 1e-9 * (1 + abs(expected[k])), (trial, k)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  graph_grads is wrong on a deep graph in which every value is used twice (the
  gradient doubles at each level, so it must be accumulated over both uses and passed
  on only once complete).
""" # END TEST CONFIG
def test_graph_grads_deep_reuse(graph_grads):
    nodes = [("v0", "add", ["x", "x"])]
    for k in range(1, 30):
        nodes.append((f"v{k}", "add", [f"v{k - 1}", f"v{k - 1}"]))
    nodes.append(("top", "mul", ["v29", "c"]))
    g = graph_grads({"x": 0.25, "c": -3.0}, nodes[::-1], "top")
    assert abs(float(g["x"]) - (-3.0) * 2 ** 30) < 1e-3, g["x"]
    assert abs(float(g["c"]) - 0.25 * 2 ** 30) < 1e-3, g["c"]
    assert abs(float(g["v10"]) - (-3.0) * 2 ** 19) < 1e-6, g["v10"]
    # a diamond: b is used by two nodes that are both used by the output
    nodes = [("out", "mul", ["l", "r"]), ("r", "exp", ["b"]), ("l", "tanh", ["b"]), ("b", "mul", ["a", "a"])]
    g = graph_grads({"a": 0.6}, nodes, "out")
    import math
    b = 0.36
    db = (1 - math.tanh(b) ** 2) * math.exp(b) + math.tanh(b) * math.exp(b)
    assert abs(float(g["b"]) - db) < 1e-12 and abs(float(g["a"]) - 2 * 0.6 * db) < 1e-12

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  graph_grads is wrong at the edges of an unseen graph: a relu whose input is exactly
  0 (gradient 0), a relu that is on, values not connected to the output (gradient 0,
  and present in the answer), integer inputs, arguments given as tuples; inputs and
  nodes must be left unchanged.
""" # END TEST CONFIG
def test_graph_grads_hidden_edges(graph_grads):
    import copy
    import math
    inputs = {"a": 2, "b": -2, "c": 3, "unused": 5}
    nodes = [["z", "relu", ("ab",)], ["ab", "add", ("a", "b")], ["y", "mul", ("c", "z")],
             ["o", "add", ("y", "h")], ["h", "tanh", ("g",)], ["g", "relu", ("c",)],
             ["side", "exp", ("a",)]]
    saved_inputs, saved_nodes = copy.deepcopy(inputs), copy.deepcopy(nodes)
    g = graph_grads(inputs, nodes, "o")
    th = 1 - math.tanh(3.0) ** 2
    expected = {"o": 1, "y": 1, "h": 1, "g": th, "c": 0.0 + th, "z": 3.0, "ab": 0.0, "a": 0.0,
                "b": 0.0, "unused": 0.0, "side": 0.0}
    for name, want in expected.items():
        assert abs(float(g[name]) - want) < 1e-12, (name, g.get(name), want)
    assert inputs == saved_inputs and nodes == saved_nodes

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (code: backpropagation through a network with a skip connection).**
# The chapter's networks are a plain stack of layers. This one also sends its input
# straight to the output through a linear *skip connection* $V$:
#
# $$Z_1 = X W_1 + b_1, \qquad H = \tanh(Z_1), \qquad
# \hat Y = H W_2 + b_2 + X V, \qquad
# J = \frac{1}{n} \sum_{i=1}^{n} \sum_{j=1}^{k} \bigl(\hat Y_{ij} - Y_{ij}\bigr)^2,$$
#
# with $X$ of shape $(n, d)$, $Y$ of shape $(n, k)$, $W_1$ $(d, m)$, $b_1$ $(m,)$,
# $W_2$ $(m, k)$, $b_2$ $(k,)$ and $V$ $(d, k)$. Note that $J$ averages over the $n$
# examples and *sums* over the $k$ outputs of each.
#
# Write `skip_net_grads(X, Y, W1, b1, W2, b2, V)` returning the dictionary
# `{"W1": ..., "b1": ..., "W2": ..., "b2": ..., "V": ..., "X": ...}` of the gradients
# of $J$, each with the shape of its array. $X$ reaches $\hat Y$ along two paths, and
# its gradient is the sum of both. The arguments may be numpy arrays or nested lists,
# and $n$ may be 1.

# %% [raw]
# # BEGIN SOLUTION

# %%
def skip_net_grads(X, Y, W1, b1, W2, b2, V):
    X, Y, W1, b1, W2, b2, V = (np.asarray(a, dtype=float) for a in (X, Y, W1, b1, W2, b2, V))
    # BEGIN SOLUTION
    n = X.shape[0]
    H = np.tanh(X @ W1 + b1)                  # (n, m)
    Y_hat = H @ W2 + b2 + X @ V               # (n, k)
    delta2 = 2 * (Y_hat - Y) / n              # dJ/dY_hat, (n, k)
    delta1 = (delta2 @ W2.T) * (1 - H ** 2)   # dJ/dZ1, (n, m)
    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0),
            "W2": H.T @ delta2, "b2": delta2.sum(axis=0),
            "V": X.T @ delta2,
            "X": delta1 @ W1.T + delta2 @ V.T}   # both paths add up
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Each gradient must have the shape of its array; here n = 4, d = 3, m = 5, k = 2, so
  W1 (3, 5), b1 (5,), W2 (5, 2), b2 (2,), V (3, 2), X (4, 3). A transposed shape
  comes from delta^T A instead of A^T delta; a bias gradient of shape (4, k) or
  (4, m) was not summed over the batch.
""" # END TEST CONFIG
def test_skip_net_shapes(skip_net_grads):
    import numpy as np
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    P = [rng.normal(size=s) for s in [(3, 5), (5,), (5, 2), (2,), (3, 2)]]
    g = skip_net_grads(X, Y, *P)
    shapes = {k: np.shape(g[k]) for k in ("W1", "b1", "W2", "b2", "V", "X")}
    assert shapes == {"W1": (3, 5), "b1": (5,), "W2": (5, 2), "b2": (2,), "V": (3, 2), "X": (4, 3)}, \
        f"shapes {shapes}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The parameter gradients disagree with finite differences of J on this batch
  (n = 4, k = 2). All of them off by a factor of 2: the 2 of the square is missing;
  by a factor of k = 2 too small: you averaged over all n k entries, but J sums over
  the k outputs; W1 and b1 wrong but W2, b2 and V right: the tanh derivative must be
  1 - H^2 = 1 - tanh(Z1)^2, taken at Z1 (not 1 - tanh(H)^2); only a bias wrong: it
  must be summed over the batch, the 1/n is already in dJ/dY_hat.
""" # END TEST CONFIG
def test_skip_net_params_numeric(skip_net_grads):
    import numpy as np
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    names = ["W1", "b1", "W2", "b2", "V"]
    P = dict(zip(names, [rng.normal(size=s) for s in [(3, 5), (5,), (5, 2), (2,), (3, 2)]]))

    def J(Q):
        Y_hat = np.tanh(X @ Q["W1"] + Q["b1"]) @ Q["W2"] + Q["b2"] + X @ Q["V"]
        return float(((Y_hat - Y) ** 2).sum() / len(X))

    g = skip_net_grads(X, Y, *[P[k] for k in names])
    for name in names:
        numeric = np.zeros_like(P[name])
        for idx in np.ndindex(P[name].shape):
            plus, minus = {**P, name: P[name].copy()}, {**P, name: P[name].copy()}
            plus[name][idx] += 1e-6
            minus[name][idx] -= 1e-6
            numeric[idx] = (J(plus) - J(minus)) / 2e-6
        got = np.asarray(g[name], dtype=float)
        assert got.shape == numeric.shape and np.allclose(got, numeric, rtol=1e-6, atol=1e-8), \
            f"dJ/d{name} = {got.tolist()}, finite differences give {numeric.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  dJ/dX is wrong. X reaches Y_hat through the hidden layer (giving delta1 W1^T) and
  through the skip connection (giving delta2 V^T); a value used along two paths gets
  the sum of both. Missing one of the two terms is the usual mistake.
""" # END TEST CONFIG
def test_skip_net_dX(skip_net_grads):
    import numpy as np
    X = np.array([[0.5, -1.0], [1.5, 0.25], [-0.5, 2.0]])
    Y = np.array([[1.0], [0.0], [-1.0]])
    W1, b1 = np.array([[0.8, -0.4, 0.3], [0.2, 0.6, -0.9]]), np.array([0.1, -0.2, 0.05])
    W2, b2, V = np.array([[1.0], [-0.5], [0.7]]), np.array([0.2]), np.array([[0.6], [-0.3]])

    def J(X_):
        Y_hat = np.tanh(X_ @ W1 + b1) @ W2 + b2 + X_ @ V
        return float(((Y_hat - Y) ** 2).sum() / 3)

    numeric = np.zeros_like(X)
    for idx in np.ndindex(X.shape):
        plus, minus = X.copy(), X.copy()
        plus[idx] += 1e-6
        minus[idx] -= 1e-6
        numeric[idx] = (J(plus) - J(minus)) / 2e-6
    got = np.asarray(skip_net_grads(X, Y, W1, b1, W2, b2, V)["X"], dtype=float)
    assert got.shape == (3, 2) and np.allclose(got, numeric, rtol=1e-6, atol=1e-8), \
        f"dJ/dX = {got.tolist()}, finite differences give {numeric.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  skip_net_grads is wrong on an unseen network (n = 7, d = 4, m = 3, k = 3), checked
  against the chain rule written out scalar by scalar.
""" # END TEST CONFIG
def test_skip_net_hidden_loops(skip_net_grads):
    import math
    import numpy as np
    rng = np.random.default_rng(77)
    n, d, m, k = 7, 4, 3, 3
    X, Y = rng.normal(size=(n, d)), rng.normal(size=(n, k))
    W1, b1, W2, b2, V = (rng.normal(size=s) for s in [(d, m), (m,), (m, k), (k,), (d, k)])
    e = {"W1": np.zeros((d, m)), "b1": np.zeros(m), "W2": np.zeros((m, k)), "b2": np.zeros(k),
         "V": np.zeros((d, k)), "X": np.zeros((n, d))}
    for i in range(n):
        h = [math.tanh(sum(X[i, a] * W1[a, c] for a in range(d)) + b1[c]) for c in range(m)]
        for j in range(k):
            y_hat = sum(h[c] * W2[c, j] for c in range(m)) + b2[j] + sum(X[i, a] * V[a, j] for a in range(d))
            dy = 2 * (y_hat - Y[i, j]) / n
            e["b2"][j] += dy
            for a in range(d):
                e["V"][a, j] += X[i, a] * dy
                e["X"][i, a] += V[a, j] * dy
            for c in range(m):
                e["W2"][c, j] += h[c] * dy
                dz = dy * W2[c, j] * (1 - h[c] ** 2)
                e["b1"][c] += dz
                for a in range(d):
                    e["W1"][a, c] += X[i, a] * dz
                    e["X"][i, a] += W1[a, c] * dz
    g = skip_net_grads(X, Y, W1, b1, W2, b2, V)
    for name in e:
        assert np.shape(g[name]) == e[name].shape and np.allclose(g[name], e[name], rtol=1e-9, atol=1e-12), name

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  skip_net_grads is wrong for a batch of one example given as nested lists (n = 1,
  k = 1).
""" # END TEST CONFIG
def test_skip_net_hidden_single(skip_net_grads):
    import math
    import numpy as np
    X, Y = [[1.0, -2.0]], [[0.5]]
    W1, b1 = [[0.5, -1.0], [0.25, 0.75]], [0.0, 0.5]
    W2, b2, V = [[1.5], [-2.0]], [0.1], [[0.4], [-0.2]]
    h = [math.tanh(1.0 * 0.5 - 2.0 * 0.25 + 0.0), math.tanh(-1.0 - 1.5 + 0.5)]
    y_hat = h[0] * 1.5 - h[1] * 2.0 + 0.1 + 0.4 + 0.4
    dy = 2 * (y_hat - 0.5)
    dz = [dy * 1.5 * (1 - h[0] ** 2), dy * -2.0 * (1 - h[1] ** 2)]
    g = skip_net_grads(X, Y, W1, b1, W2, b2, V)
    assert np.allclose(g["b2"], [dy]) and np.allclose(g["W2"], [[h[0] * dy], [h[1] * dy]])
    assert np.allclose(g["V"], [[dy], [-2 * dy]]) and np.allclose(g["b1"], dz)
    assert np.allclose(g["W1"], [[dz[0], dz[1]], [-2 * dz[0], -2 * dz[1]]])
    assert np.allclose(g["X"], [[0.5 * dz[0] - 1.0 * dz[1] + 0.4 * dy, 0.25 * dz[0] + 0.75 * dz[1] - 0.2 * dy]])
    assert np.shape(g["X"]) == (1, 2) and np.shape(g["b1"]) == (2,)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  skip_net_grads disagrees with finite differences of J on an unseen batch with
  k = 4 outputs (J sums over the outputs and averages over the examples).
""" # END TEST CONFIG
def test_skip_net_hidden_numeric(skip_net_grads):
    import numpy as np
    rng = np.random.default_rng(78)
    X, Y = rng.normal(size=(5, 2)), rng.normal(size=(5, 4))
    names = ["W1", "b1", "W2", "b2", "V"]
    P = dict(zip(names, [rng.normal(size=s) for s in [(2, 6), (6,), (6, 4), (4,), (2, 4)]]))
    P["X"] = X

    def J(Q):
        Y_hat = np.tanh(Q["X"] @ Q["W1"] + Q["b1"]) @ Q["W2"] + Q["b2"] + Q["X"] @ Q["V"]
        return float(((Y_hat - Y) ** 2).sum() / 5)

    g = skip_net_grads(X, Y, *[P[k] for k in names])
    for name in names + ["X"]:
        numeric = np.zeros_like(P[name])
        for idx in np.ndindex(P[name].shape):
            plus, minus = {**P, name: P[name].copy()}, {**P, name: P[name].copy()}
            plus[name][idx] += 1e-6
            minus[name][idx] -= 1e-6
            numeric[idx] = (J(plus) - J(minus)) / 2e-6
        assert np.shape(g[name]) == numeric.shape and np.allclose(g[name], numeric, rtol=1e-6, atol=1e-8), name

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (code: gradient checking, generalised to a Jacobian).** The chapter's
# checker differentiates one number, the loss. Generalise it to any function: write
# `numerical_jacobian(f, x, h=1e-6)` where `f` takes an array of the shape of `x` and
# returns a number or an array, and return the array `J` of shape
# `np.shape(f(x)) + np.shape(x)` with
#
# $$J[i, j] = \frac{f_i(x + h\,e_j) - f_i(x - h\,e_j)}{2h}$$
#
# for every entry $i$ of the output and every entry $j$ of `x` ($e_j$ moves entry $j$
# alone; `i` and `j` are multi-indices when the arrays have several axes). When `f`
# returns a number, `J` is its gradient, with the shape of `x`. `x` may be a list or an
# array, of floats or of integers. Do not modify `x`: the caller's array must hold
# exactly its original values afterwards. The tests pass their own functions as `f`.

# %% [raw]
# # BEGIN SOLUTION

# %%
def numerical_jacobian(f, x, h=1e-6):
    # BEGIN SOLUTION
    x = np.array(x, dtype=float)  # a private float copy: x + h on an int array is x
    out_shape = np.shape(f(x))
    J = np.zeros(out_shape + x.shape)
    for j in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[j] += h
        minus[j] -= h
        J[(Ellipsis,) + j] = (np.asarray(f(plus), dtype=float) - np.asarray(f(minus), dtype=float)) / (2 * h)
    return J
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The gradient of f(v) = v0^2 v1 + v0 sin(v2) at (1.5, -0.5, 0.3) with h = 1e-3 is
  off by more than 1e-5. Twice the right value: you divided by h instead of 2h; an
  error of order 1e-3: a one-sided difference (f(x + h) - f(x)) / h; the same value in
  every entry: you moved every entry at once instead of one at a time.
""" # END TEST CONFIG
def test_jacobian_scalar(numerical_jacobian):
    import math
    import numpy as np

    def f(v):
        v = np.asarray(v, dtype=float)
        return float(v[0] ** 2 * v[1] + v[0] * math.sin(v[2]))

    x = np.array([1.5, -0.5, 0.3])
    got = np.asarray(numerical_jacobian(f, x, 1e-3), dtype=float)
    exact = [2 * 1.5 * -0.5 + math.sin(0.3), 1.5 ** 2, 1.5 * math.cos(0.3)]
    assert got.shape == (3,), f"shape {got.shape}, expected (3,) like x"
    assert np.allclose(got, exact, rtol=0, atol=1e-5), f"got {got.tolist()}, expected {exact}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For f(v) = (v0 v1, v1 + v2^2) at x = (1, 2, 3) the Jacobian has shape (2, 3), one
  row per output: [[2, 1, 0], [0, 1, 6]]. A (3, 2) answer is transposed (the output's
  axes come first); a 6 off by about h means a one-sided difference, or an entry moved
  and not put back before the next one.
""" # END TEST CONFIG
def test_jacobian_vector(numerical_jacobian):
    import numpy as np

    def f(v):
        v = np.asarray(v, dtype=float)
        return np.array([v[0] * v[1], v[1] + v[2] ** 2])

    got = np.asarray(numerical_jacobian(f, np.array([1.0, 2.0, 3.0]), 1e-4), dtype=float)
    assert got.shape == (2, 3), f"shape {got.shape}, expected (2, 3): output axes, then x's axes"
    assert np.allclose(got, [[2, 1, 0], [0, 1, 6]], rtol=0, atol=1e-6), f"got {got.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With x = [[1, 2], [0, -1]] given as integers, f = sum(tanh(x)) must have the
  gradient 1 - tanh(x)^2 of shape (2, 2). All zeros: you moved entries of an integer
  array, where 1 + 1e-6 is stored as 1; make a float copy first. And a float x must
  hold exactly its original values after the call: work on a copy, or restore each
  entry to its saved value (adding h back can leave a rounding error).
""" # END TEST CONFIG
def test_jacobian_matrix_ints_and_no_side_effects(numerical_jacobian):
    import numpy as np

    def f(v):
        return float(np.tanh(np.asarray(v, dtype=float)).sum())

    got = np.asarray(numerical_jacobian(f, [[1, 2], [0, -1]], 1e-4), dtype=float)
    exact = 1 - np.tanh(np.array([[1.0, 2.0], [0.0, -1.0]])) ** 2
    assert got.shape == (2, 2), f"shape {got.shape}, expected (2, 2)"
    assert np.allclose(got, exact, rtol=0, atol=1e-7), f"got {got.tolist()}, expected {exact.tolist()}"
    x = np.array([[0.1, -0.7], [1.3, 2.9]])
    saved = x.copy()
    numerical_jacobian(f, x, 1e-3)
    assert np.array_equal(x, saved), f"x was modified: {x.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  numerical_jacobian is wrong with the default h for an unseen matrix function
  f(X) = tanh(X A) of a (2, 3) matrix (Jacobian of shape (2, 2, 2, 3)).
""" # END TEST CONFIG
def test_jacobian_hidden_matrix(numerical_jacobian):
    import numpy as np
    A = np.array([[0.9, -1.3], [0.4, 0.8], [-1.1, 0.5]])

    def f(X):
        return np.tanh(np.asarray(X, dtype=float) @ A)

    X = np.array([[0.3, -0.6, 0.9], [1.2, 0.1, -0.4]])
    T = np.tanh(X @ A)
    exact = np.zeros((2, 2, 2, 3))
    for i in range(2):
        for c in range(2):
            for a in range(3):
                exact[i, c, i, a] = (1 - T[i, c] ** 2) * A[a, c]
    got = np.asarray(numerical_jacobian(f, X), dtype=float)
    assert got.shape == (2, 2, 2, 3) and np.allclose(got, exact, rtol=0, atol=2e-8)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  numerical_jacobian is wrong for integer inputs, or modifies x, on an unseen
  function.
""" # END TEST CONFIG
def test_jacobian_hidden_ints_side_effects(numerical_jacobian):
    import numpy as np

    def f(v):
        v = np.asarray(v, dtype=float)
        return np.array([v[0] ** 3 - v[1], v[0] * v[1] * v[2]])

    x = np.array([2, -1, 3])
    got = np.asarray(numerical_jacobian(f, x, 1e-4), dtype=float)
    assert got.shape == (2, 3) and np.allclose(got, [[12, -1, 0], [-3, 6, -2]], rtol=0, atol=1e-6)
    assert np.array_equal(x, [2, -1, 3])
    xf = np.array([0.7, -0.2, 1.3])
    got = np.asarray(numerical_jacobian(f, xf), dtype=float)
    assert np.allclose(got, [[3 * 0.49, -1, 0], [-0.26, 0.91, -0.14]], rtol=0, atol=1e-8)
    assert np.array_equal(xf, [0.7, -0.2, 1.3])

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (debug: a backward pass with two bugs).** A colleague wrote the gradients
# of a one-hidden-layer network trained with the binary cross-entropy of its logits,
#
# $$H = \tanh(X W_1 + b_1), \qquad z = H w_2 + b_2, \qquad
# J = \frac{1}{n}\sum_{i=1}^{n} \Bigl[\log\bigl(1 + e^{z_i}\bigr) - y_i z_i\Bigr],$$
#
# with $X$ $(n, d)$, $y$ $(n,)$ of 0s and 1s, $W_1$ $(d, m)$, $b_1$ $(m,)$, $w_2$
# $(m,)$, a number $b_2$, and $z$ of shape $(n,)$. Training "sort of works", but the
# function below has **exactly two bugs**. Find them (a gradient check with your
# `numerical_jacobian` on `bce_loss` tells you which gradients are wrong, and by how
# much), and write `fixed_grads` with the same arguments and the same return value,
# every gradient right. Do not change `buggy_grads` or `bce_loss`.

# %%
def bce_loss(X, y, W1, b1, w2, b2):
    """The loss J of the network above (stable for large |z|)."""
    z = np.tanh(np.asarray(X, dtype=float) @ W1 + b1) @ w2 + b2
    return float(np.mean(np.logaddexp(0.0, z) - np.asarray(y, dtype=float) * z))


def buggy_grads(X, y, W1, b1, w2, b2):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = X.shape[0]
    Z1 = X @ W1 + b1                     # (n, m)
    H = np.tanh(Z1)
    z = H @ w2 + b2                      # (n,)
    dz = (1 / (1 + np.exp(-z)) - y) / n  # dJ/dz
    dw2 = H.T @ dz
    db2 = dz.mean()
    dH = np.outer(dz, w2)                # (n, m)
    dZ1 = dH * (1 - Z1 ** 2)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "w2": dw2, "b2": db2}

# %% [raw]
# # BEGIN SOLUTION

# %%
def fixed_grads(X, y, W1, b1, w2, b2):
    # BEGIN SOLUTION
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = X.shape[0]
    H = np.tanh(X @ W1 + b1)
    z = H @ w2 + b2
    dz = (1 / (1 + np.exp(-z)) - y) / n
    dZ1 = np.outer(dz, w2) * (1 - H ** 2)   # bug 1: tanh'(Z1) = 1 - tanh(Z1)^2 = 1 - H^2
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "w2": H.T @ dz,
            "b2": dz.sum()}                   # bug 2: the 1/n is in dz already: sum
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The output layer's gradients (w2 and b2) are still wrong on a batch of 5. dJ/db2
  n = 5 times too small is a bias gradient averaged where it must be summed (dJ/dz
  already carries the 1/n of the mean loss); all gradients n times too large: you
  removed the 1/n from dJ/dz instead.
""" # END TEST CONFIG
def test_fixed_grads_output_layer(fixed_grads):
    import numpy as np
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(5, 3)), np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    W1, b1, w2, b2 = 1.5 * rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=4), 0.3
    H = np.tanh(X @ W1 + b1)
    dz = [(1 / (1 + np.exp(-(H[i] @ w2 + b2))) - y[i]) / 5 for i in range(5)]
    g = fixed_grads(X, y, W1, b1, w2, b2)
    assert abs(float(g["b2"]) - sum(dz)) < 1e-12, f"dJ/db2 = {g['b2']}, expected {sum(dz)}"
    exp_w2 = sum(H[i] * dz[i] for i in range(5))
    assert np.allclose(g["w2"], exp_w2, rtol=1e-10, atol=1e-13), f"dJ/dw2 = {g['w2']}, expected {exp_w2}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The hidden layer's gradients (W1 and b1) are still wrong: compare them with a
  gradient check. The derivative of tanh at its input Z1 is 1 - tanh(Z1)^2 = 1 - H^2,
  not 1 - Z1^2 (that is the formula with the wrong variable) nor 1 - tanh(H)^2 (the
  derivative taken at the output).
""" # END TEST CONFIG
def test_fixed_grads_hidden_layer(fixed_grads):
    import numpy as np
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(5, 3)), np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    W1, b1, w2, b2 = 1.5 * rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=4), 0.3

    def J(W1_, b1_):
        z = np.tanh(X @ W1_ + b1_) @ w2 + b2
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    num_W1, num_b1 = np.zeros_like(W1), np.zeros_like(b1)
    for idx in np.ndindex(W1.shape):
        P, M = W1.copy(), W1.copy()
        P[idx] += 1e-6
        M[idx] -= 1e-6
        num_W1[idx] = (J(P, b1) - J(M, b1)) / 2e-6
    for idx in np.ndindex(b1.shape):
        P, M = b1.copy(), b1.copy()
        P[idx] += 1e-6
        M[idx] -= 1e-6
        num_b1[idx] = (J(W1, P) - J(W1, M)) / 2e-6
    g = fixed_grads(X, y, W1, b1, w2, b2)
    assert np.allclose(g["W1"], num_W1, rtol=1e-6, atol=1e-9), f"dJ/dW1 = {np.asarray(g['W1']).tolist()}"
    assert np.allclose(g["b1"], num_b1, rtol=1e-6, atol=1e-9), f"dJ/db1 = {np.asarray(g['b1']).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  fixed_grads is wrong on an unseen batch of 8 (d = 2, m = 5), checked against the
  chain rule example by example.
""" # END TEST CONFIG
def test_fixed_grads_unseen(fixed_grads):
    import math
    import numpy as np
    rng = np.random.default_rng(55)
    n, d, m = 8, 2, 5
    X, y = 2 * rng.normal(size=(n, d)), rng.integers(0, 2, size=n).astype(float)
    W1, b1, w2, b2 = rng.normal(size=(d, m)), rng.normal(size=m), rng.normal(size=m), -0.4
    e = {"W1": np.zeros((d, m)), "b1": np.zeros(m), "w2": np.zeros(m), "b2": 0.0}
    for x, t in zip(X, y):
        h = [math.tanh(sum(x[a] * W1[a, c] for a in range(d)) + b1[c]) for c in range(m)]
        z = sum(h[c] * w2[c] for c in range(m)) + b2
        dz = (1 / (1 + math.exp(-z)) - t) / n
        e["b2"] += dz
        for c in range(m):
            e["w2"][c] += h[c] * dz
            dzc = dz * w2[c] * (1 - h[c] ** 2)
            e["b1"][c] += dzc
            for a in range(d):
                e["W1"][a, c] += x[a] * dzc
    g = fixed_grads(X, y, W1, b1, w2, b2)
    for k in e:
        assert np.shape(g[k]) == np.shape(e[k]) and np.allclose(g[k], e[k], rtol=1e-9, atol=1e-13), k

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  fixed_grads disagrees with finite differences of bce_loss on an unseen batch given
  as lists (n = 3).
""" # END TEST CONFIG
def test_fixed_grads_hidden_numeric(fixed_grads):
    import numpy as np
    X, y = [[1.0, -2.0, 0.5], [0.0, 1.5, -1.0], [2.0, 0.3, 0.8]], [0, 1, 1]
    P = {"W1": np.array([[0.9, -0.5], [0.4, 1.1], [-1.2, 0.3]]), "b1": np.array([0.2, -0.6]),
         "w2": np.array([1.4, -0.8]), "b2": np.array(0.25)}
    Xn, yn = np.array(X), np.array(y, dtype=float)

    def J(Q):
        z = np.tanh(Xn @ Q["W1"] + Q["b1"]) @ Q["w2"] + Q["b2"]
        return float(np.mean(np.logaddexp(0.0, z) - yn * z))

    g = fixed_grads(X, y, P["W1"], P["b1"], P["w2"], 0.25)
    for name in P:
        numeric = np.zeros_like(P[name])
        for idx in np.ndindex(P[name].shape):
            plus, minus = {**P, name: P[name].copy()}, {**P, name: P[name].copy()}
            plus[name][idx] += 1e-6
            minus[name][idx] -= 1e-6
            numeric[idx] = (J(plus) - J(minus)) / 2e-6
        assert np.allclose(g[name], numeric, rtol=1e-6, atol=1e-9), name

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (predict: what a gradient check costs, and how accurate it is).** Answer
# with numbers; you may use Python as a calculator, but work out the formulas first.
#
# (a) A network has layer sizes $[784, 128, 10]$: two dense layers, each with a weight
# matrix and a bias vector. Checking **every** parameter with central differences, one
# entry at a time, evaluates the loss how many times? Set `q6_evaluations`.
#
# (b) Take $f(w) = w^3$ at $w = 2$ (so $f'(2) = 12$) and $h = 10^{-3}$, in exact
# arithmetic (no round-off). How far from 12 is the forward difference
# $\frac{f(w + h) - f(w)}{h}$, and how far the central difference
# $\frac{f(w + h) - f(w - h)}{2h}$? Set `q6_forward_error` and `q6_central_error` to
# these two distances (the absolute values of quotient minus 12).

# %% [raw]
# # BEGIN SOLUTION

# %%
q6_evaluations = 2 * (784 * 128 + 128 + 128 * 10 + 10)  # SOLUTION
q6_forward_error = 3 * 2 * 1e-3 + 1e-3 ** 2  # SOLUTION
q6_central_error = 1e-3 ** 2  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  q6_evaluations is wrong. Count the parameters (784 x 128 + 128 + 128 x 10 + 10) and
  note that a central difference evaluates the loss twice per entry, at w + h and at
  w - h. 203264 forgot the biases; 101770 or 101771 counted one-sided differences
  (one evaluation per entry, plus J(w) once).
""" # END TEST CONFIG
def test_q6_evaluations(q6_evaluations):
    value = float(q6_evaluations)
    assert value == 203540, f"q6_evaluations = {q6_evaluations}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  q6_forward_error is wrong. Expand (w + h)^3: the forward quotient is
  3w^2 + 3wh + h^2, so it is off by 3wh + h^2, about (h/2) f''(w) = (h/2)(6w). 0.012
  forgot the 1/2 of Taylor's h^2/2 term; 1e-6 is the central difference's error.
""" # END TEST CONFIG
def test_q6_forward_error(q6_forward_error):
    value = abs(float(q6_forward_error))
    assert abs(value - 0.006001) <= 2e-6, f"q6_forward_error = {q6_forward_error}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  q6_central_error is wrong. In the central difference the h^2 terms cancel but the
  cubic ones do not: ((w + h)^3 - (w - h)^3) / (2h) = 3w^2 + h^2, off by h^2 = 1e-6,
  which is (h^2/6) f'''(w) with f''' = 6. 0 assumed the central difference is exact;
  6e-6 forgot the 1/6 (the 1/3! of Taylor's cubic term).
""" # END TEST CONFIG
def test_q6_central_error(q6_central_error):
    value = abs(float(q6_central_error))
    assert abs(value - 1e-6) <= 1e-9, f"q6_central_error = {q6_central_error}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  One of q6_evaluations, q6_forward_error, q6_central_error is wrong.
""" # END TEST CONFIG
def test_q6_all(q6_evaluations, q6_forward_error, q6_central_error):
    from fractions import Fraction
    n_params = sum(a * b + b for a, b in [(784, 128), (128, 10)])
    assert float(q6_evaluations) == 2 * n_params
    w, h = Fraction(2), Fraction(1, 1000)
    forward = ((w + h) ** 3 - w ** 3) / h - 12
    central = ((w + h) ** 3 - (w - h) ** 3) / (2 * h) - 12
    assert abs(abs(float(q6_forward_error)) - float(forward)) <= 2e-6
    assert abs(abs(float(q6_central_error)) - float(central)) <= 1e-9

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION
