# %% [markdown]
# # Lab 4: backpropagation
#
# This lab runs every piece of chapter 4: the chain rule on one perceptron, its
# computational graph drawn with every value and gradient, the scalar autograd
# engine checked against `torch.autograd`, a network of `Value`s trained on the
# moons, backpropagation by hand through a numpy network (shapes printed at
# every layer), gradient checking (and how to choose $h$), and the same network
# trained again, orders of magnitude faster.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch

from dlbook.autograd.backprop import backward, forward_trace, loss_and_grads, train_mlp
from dlbook.autograd.engine import Value, topological_order
from dlbook.autograd.gradcheck import gradcheck, numerical_gradient
from dlbook.autograd.mlp import MLP, mean_loss, training_step
from dlbook.data.synthetic import moons
from dlbook.nn.activations import identity, sigmoid, tanh
from dlbook.nn.layers import init_layers
from dlbook.plotting import decision_regions, style

style()
torch.set_default_dtype(torch.float64)  # compare in 64-bit precision

# %% [markdown]
# ## 1. The chain rule on one perceptron
#
# A perceptron with two inputs and a sigmoid, and the squared error of its
# prediction for the label $y = 1$:
#
# $$z = w_0 + x_1 w_1 + x_2 w_2, \qquad \hat y = \sigma(z), \qquad
# J = (\hat y - y)^2.$$
#
# The chain rule multiplies the local derivatives along the path from $J$
# back to $w_1$:
#
# $$\frac{\partial J}{\partial w_1}
# = \frac{\partial J}{\partial \hat y}\,\frac{\partial \hat y}{\partial z}\,
#   \frac{\partial z}{\partial w_1}
# = 2(\hat y - y)\cdot\sigma(z)\bigl(1 - \sigma(z)\bigr)\cdot x_1.$$

# %%
x_1, x_2, y = 2.0, -1.0, 1.0
w_1, w_2, w_0 = -0.5, 1.5, 1.0

z = w_0 + x_1 * w_1 + x_2 * w_2
y_hat = 1 / (1 + np.exp(-z))
J = (y_hat - y) ** 2
dJ_dyhat = 2 * (y_hat - y)
dyhat_dz = y_hat * (1 - y_hat)
print(f"forward:  z = {z}, y_hat = {y_hat:.6f}, J = {J:.6f}")
print(f"local:    dJ/dy_hat = {dJ_dyhat:.6f}, "
      f"dy_hat/dz = {dyhat_dz:.6f}")
print(f"chain:    dJ/dw_1 = {dJ_dyhat:.4f} * {dyhat_dz:.4f} * {x_1}"
      f" = {dJ_dyhat * dyhat_dz * x_1:.6f}")
print(f"          dJ/dw_2 = ... * x_2 = {dJ_dyhat * dyhat_dz * x_2:.6f}")
print(f"          dJ/dw_0 = ... * 1   = {dJ_dyhat * dyhat_dz:.6f}")
# the numbers of chapter 4, section 4.1
assert z == -1.5 and round(y_hat, 4) == 0.1824 and round(J, 4) == 0.6684
assert round(dJ_dyhat * dyhat_dz * x_1, 4) == -0.4878

# %% [markdown]
# The first two factors are shared by every weight: compute them once, then
# each weight needs one more multiplication. That sharing, organised over a
# whole graph, is backpropagation.
#
# ## 2. The computational graph
#
# The same computation with `Value`s. Each operation creates a node that
# remembers its inputs; `backward()` walks the graph from $J$ back to the
# leaves. First the nodes in topological order (every node after its inputs),
# which is the order of the forward pass; the backward pass visits them in
# reverse.

# %%
def named(v, label):
    v.label = label
    return v


x1, x2 = named(Value(x_1), "x1"), named(Value(x_2), "x2")
w1, w2 = named(Value(w_1), "w1"), named(Value(w_2), "w2")
w0 = named(Value(w_0), "w0")
p1 = named(x1 * w1, "p1")
p2 = named(x2 * w2, "p2")
s = named(p1 + p2, "s")
z_v = named(s + w0, "z")
y_hat_v = named(z_v.sigmoid(), "y_hat")
e = named(y_hat_v - y, "e")
J_v = named(e ** 2, "J")
J_v.backward()
e._prev[1].label = "-y"  # the constant that `- y` created

print(f"{'node':<7}{'op':<9}{'inputs':<10}{'data':>9}{'grad':>10}")
for v in topological_order(J_v):
    inputs = ", ".join(c.label for c in v._prev)
    print(f"{v.label:<7}{v._op or 'leaf':<9}{inputs:<10}"
          f"{v.data:>9.4f}{v.grad:>10.4f}")
# The next paragraph's claims: section 1's gradients, and the rule of a product.
shared = dJ_dyhat * dyhat_dz
assert np.isclose(w1.grad, shared * x_1) and np.isclose(w2.grad, shared * x_2)
assert np.isclose(w0.grad, shared)
assert x1.grad == w1.data * p1.grad and p1.grad == s.grad  # * and +

# %% [markdown]
# The gradients of $w_1$, $w_2$ and $w_0$ are the ones computed by hand in
# section 1. Note $\partial J/\partial x_1 = w_1 \cdot \partial J/\partial p_1$
# with $p_1 = x_1 w_1$: a multiplication sends each input the gradient times
# the *other* input, while an addition passes it on unchanged.
# Drawn as a graph, with each node's value on top and its gradient
# $\partial J/\partial v$ below (leaves in grey):

# %% tags=["figure:computational-graph"]
def graph_layout(root):
    """Columns by depth (each leaf just left of its first user),
    rows stacked in topological order within a column."""
    order = topological_order(root)
    col = {}
    for v in order:
        col[id(v)] = 1 + max((col[id(c)] for c in v._prev), default=-1)
    for v in order:
        if not v._prev:
            users = [u for u in order if any(c is v for c in u._prev)]
            col[id(v)] = min(col[id(u)] for u in users) - 1
    rows = {}
    pos = {}
    for v in order:
        c = col[id(v)]
        pos[id(v)] = (c, rows.get(c, 0))
        rows[c] = rows.get(c, 0) + 1
    # centre each column vertically
    return order, {k: (c, r - (rows[c] - 1) / 2)
                   for k, (c, r) in pos.items()}


def draw_graph(ax, root):
    order, pos = graph_layout(root)
    boxes = {}
    for v in order:
        c, r = pos[id(v)]
        op = f"  [{v._op}]" if v._op else ""
        text = f"{v.label}{op}\n{v.data:.3f}\ngrad {v.grad:.3f}"
        face = "#eeeeee" if not v._prev else "#dbe8f6"
        boxes[id(v)] = ax.text(
            c * 1.5, -r * 1.1, text, ha="center", va="center",
            fontsize=7.5, bbox=dict(boxstyle="round", fc=face,
                                    ec="#555555"))
    for v in order:
        for child in v._prev:
            ax.annotate("", xy=(0, 0.5), xycoords=boxes[id(v)],
                        xytext=(1, 0.5), textcoords=boxes[id(child)],
                        arrowprops=dict(arrowstyle="->", lw=0.8,
                                        color="#555555"))
    cols = [p[0] for p in pos.values()]
    rws = [p[1] for p in pos.values()]
    ax.set_xlim(min(cols) * 1.5 - 0.8, max(cols) * 1.5 + 0.8)
    ax.set_ylim(-max(rws) * 1.1 - 0.7, -min(rws) * 1.1 + 0.7)
    ax.axis("off")


fig, ax = plt.subplots(figsize=(7.5, 3.4))
draw_graph(ax, J_v)
ax.set_title("forward: values left to right; backward: gradients "
             "right to left", fontsize=9)
plt.show()

# %% [markdown]
# ## 3. The engine agrees with PyTorch
#
# PyTorch records the same kind of graph behind every tensor created with
# `requires_grad=True`, and `backward()` fills in `.grad`. Here is an
# expression that uses each input several times (so gradients must be
# *added* along every path), in both engines:

# %%
def expression(a, b, c, ops):
    e = a * b + c.exp()
    f = ops["tanh"](e) * a - b / (1.0 + c * c)
    return ops["sigmoid"](f - a) * ops["log"](a * a + 1.0) + f ** 3


value_ops = {"tanh": Value.tanh, "sigmoid": Value.sigmoid,
             "log": Value.log}
torch_ops = {"tanh": torch.tanh, "sigmoid": torch.sigmoid,
             "log": torch.log}

inputs = (0.7, -1.3, 0.4)
vals = [Value(v) for v in inputs]
out = expression(*vals, value_ops)
out.backward()
tens = [torch.tensor(v, requires_grad=True) for v in inputs]
out_t = expression(*tens, torch_ops)
out_t.backward()
print(f"nodes in the graph: {len(topological_order(out))}")
print(f"value:  ours {out.data:.15f}  torch {out_t.item():.15f}")
for name, v, t in zip("abc", vals, tens):
    print(f"dJ/d{name}:  ours {v.grad:+.15f}  "
          f"torch {t.grad.item():+.15f}")
    assert np.isclose(v.grad, t.grad.item(), rtol=1e-14, atol=0)
assert len(topological_order(out)) == 27
assert np.isclose(out.data, out_t.item(), rtol=1e-14, atol=0)

# %% [markdown]
# ## 4. A network of Values on the moons
#
# `MLP([2, 8, 1])` builds 8 tanh neurons and one linear output neuron from
# `Value`s: $3 \cdot 8 + 9 \cdot 1 = 33$ parameters. Its output is the logit
# $z$ of class 1, and the loss is the binary cross-entropy of $\sigma(z)$,
# averaged over the batch. Each `training_step` zeroes the gradients, builds
# the graph of $J$ over the whole batch, calls `backward()`, and moves every
# parameter against its gradient, with a learning rate $\eta = 3$ that
# suits this small network (chapter 5 is about choosing it).

# %%
X_m, y_m = moons(n=40, noise=0.1, seed=0)
X_list, y_list = X_m.tolist(), y_m.tolist()
model = MLP([2, 8, 1], seed=0)
print("parameters:", len(model.parameters()))
print("nodes in one graph of J:",
      len(topological_order(mean_loss(model, X_list, y_list))))

start = time.perf_counter()
value_losses = [training_step(model, X_list, y_list, eta=3.0)
                for _ in range(100)]
value_seconds = (time.perf_counter() - start) / len(value_losses)
value_acc = np.mean([(model(x)[0].data > 0) == t
                     for x, t in zip(X_list, y_list)])
print(f"J: {value_losses[0]:.3f} -> {value_losses[-1]:.3f}, "
      f"training accuracy {value_acc:.0%}")
print(f"{value_seconds * 1e3:.0f} ms per step")
assert len(model.parameters()) == 33
assert 3000 < len(topological_order(mean_loss(model, X_list, y_list))) < 3400
assert value_losses[-1] < 0.1 * value_losses[0] and value_acc == 1.0

# %% tags=["figure:value-mlp"]
def value_predict(G):
    """Probability of class 1 for each row of G, one graph per point."""
    return np.array([sigmoid(model(list(p))[0].data) for p in G])


fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.3))
ax0.plot(range(1, len(value_losses) + 1), value_losses)
ax0.set(xlabel="step", ylabel="$J$", title="Value MLP: training loss",
        ylim=(0, None))
decision_regions(ax1, value_predict, X_m, y_m, resolution=40)
ax1.set_title(f"decision regions ({value_acc:.0%} correct)")
fig.tight_layout()
plt.show()

# %% [markdown]
# The loss falls fast, rests on a plateau while the boundary is still
# nearly a straight line, and falls again as the boundary bends between
# the moons. The loss lost per step in three stretches of the run:

# %%
def fall_per_step(a, b):
    return (value_losses[a] - value_losses[b]) / (b - a)


phases = {"steps 0-5": fall_per_step(0, 5),
          "steps 10-25 (plateau)": fall_per_step(10, 25),
          "steps 35-60": fall_per_step(35, 60)}
for name, rate in phases.items():
    print(f"{name:<22} {rate:.4f} per step")
assert phases["steps 10-25 (plateau)"] < phases["steps 0-5"] / 10
assert phases["steps 10-25 (plateau)"] < phases["steps 35-60"] / 2

# %% [markdown]
# ## 5. Backpropagation by hand through a numpy network
#
# The same idea on whole arrays. `forward_trace` keeps every $Z_l$ and $A_l$;
# `backward` applies the four equations
#
# $$\delta_L = \frac{\partial J}{\partial A_L} \odot g_L'(Z_L), \quad
# \delta_l = (\delta_{l+1} W_{l+1}^\top) \odot g_l'(Z_l), \quad
# \frac{\partial J}{\partial W_l} = A_{l-1}^\top \delta_l, \quad
# \frac{\partial J}{\partial b_l} = \textstyle\sum_i \delta_l[i, :].$$
#
# A network with layer sizes $[2, 5, 4, 1]$ on a batch of 6: every
# $\delta_l$ has the shape of $Z_l$, and every gradient the shape of its
# parameter.

# %%
rng = np.random.default_rng(0)
net = init_layers([2, 5, 4, 1], g=tanh, g_out=identity, rng=rng)
for layer in net:
    layer.b = rng.normal(0, 0.5, size=layer.b.shape)
X6, y6 = moons(n=6, seed=1)

Zs, As = forward_trace(X6, net)
J6, grads = loss_and_grads(X6, y6, net, loss="bce")
print(f"{'l':<3}{'A_l-1':>9}{'W_l':>9}{'Z_l, delta_l':>14}"
      f"{'dW_l':>9}{'db_l':>7}")
for l, (layer, (dW, db)) in enumerate(zip(net, grads), start=1):
    print(f"{l:<3}{str(As[l - 1].shape):>9}{str(layer.W.shape):>9}"
          f"{str(Zs[l - 1].shape):>14}{str(dW.shape):>9}"
          f"{str(db.shape):>7}")
    # every gradient has the shape of its parameter, every delta that of Z
    assert dW.shape == layer.W.shape and db.shape == layer.b.shape
    assert Zs[l - 1].shape == (6, layer.W.shape[1])

# %% [markdown]
# The same network in torch, with our weights, and `torch.autograd` doing
# the backward pass:

# %%
params = [(torch.tensor(L.W, requires_grad=True),
           torch.tensor(L.b, requires_grad=True)) for L in net]
A = torch.tensor(X6)
for l, (W, b) in enumerate(params):
    Z = A @ W + b
    A = torch.tanh(Z) if l < len(params) - 1 else Z
J_t = torch.nn.functional.binary_cross_entropy_with_logits(
    A[:, 0], torch.tensor(y6, dtype=torch.float64))
J_t.backward()
print(f"J: ours {J6:.15f}, torch {J_t.item():.15f}")
for l, ((dW, db), (W, b)) in enumerate(zip(grads, params), start=1):
    err_W = np.abs(dW - W.grad.numpy()).max()
    err_b = np.abs(db - b.grad.numpy()).max()
    print(f"layer {l}: max |dW - torch| = {err_W:.1e}, "
          f"max |db - torch| = {err_b:.1e}")
    assert err_W < 1e-15 and err_b < 1e-15
assert np.isclose(J6, J_t.item(), rtol=1e-15, atol=0)

# %% [markdown]
# ## 6. Gradient checking
#
# Finite differences need only the loss itself. `gradcheck` moves one entry
# at a time by $\pm h$ and compares
# $\frac{J(w + h) - J(w - h)}{2h}$ with our gradient. Every parameter of the
# network:

# %%
def loss_with(layer, name, value):
    """J of the network with one parameter array replaced by `value`."""
    saved = getattr(layer, name)
    setattr(layer, name, value)
    try:
        return loss_and_grads(X6, y6, net, loss="bce")[0]
    finally:
        setattr(layer, name, saved)


for l, (layer, (dW, db)) in enumerate(zip(net, grads), start=1):
    for name, p, dp in [("W", layer.W, dW), ("b", layer.b, db)]:
        ok, err = gradcheck(lambda v: loss_with(layer, name, v), p, dp)
        print(f"{name}_{l} {str(p.shape):<8} ok={ok}  "
              f"max relative error {err:.1e}")
        assert ok and err < 1e-6

# %% [markdown]
# Now a classic bug: forget the $1/n$ of the mean in the loss's gradient
# (a sum where the loss has a mean), so that
# $\delta_L = \sigma(Z_L) - y$. The network and loss are unchanged; only
# the gradient we hand to `backward` is wrong, by a factor $n = 6$.
# `gradcheck` says so, and its report shows the factor.

# %%
dA_wrong = sigmoid(Zs[-1]) - y6[:, None]   # missing / n
wrong = backward(net, Zs, As, dA_wrong)
ok, err = gradcheck(lambda v: loss_with(net[0], "W", v), net[0].W,
                    wrong[0][0], verbose=True)
assert not ok and np.isclose(err, 1 - 1 / 6)  # off by the factor n = 6

# %% [markdown]
# ### Choosing $h$
#
# How close are finite differences to the true derivative? Take one weight,
# $w = W_1[0, 0]$, whose exact derivative we now trust, and try every $h$
# from $10^{-15}$ to $10^{-1}$. A large $h$ suffers **truncation error**:
# Taylor's theorem gives an error of about $\frac{h}{2}|J''|$ for the
# forward difference and $\frac{h^2}{6}|J'''|$ for the central one. A tiny
# $h$ suffers **round-off error**: $J(w \pm h)$ are each rounded to about
# $\varepsilon_{\text{mach}} |J|$ with $\varepsilon_{\text{mach}} \approx 2.2 \times 10^{-16}$, and
# dividing their difference by $h$ blows that up to about
# $\varepsilon_{\text{mach}} |J| / h$.

# %%
exact = grads[0][0][0, 0]
hs = np.logspace(-15, -1, 57)
W_base = net[0].W


def J_of_w(v):
    W = W_base.copy()
    W[0, 0] = v[0]
    return loss_with(net[0], "W", W)


w_00 = np.array([W_base[0, 0]])
err = {s: [abs(numerical_gradient(J_of_w, w_00, h=h, scheme=s)[0]
               - exact) for h in hs]
       for s in ("forward", "central")}
best_h = {}
for s in err:
    i = int(np.argmin(err[s]))
    best_h[s] = hs[i]
    print(f"{s:>8}: best h = {hs[i]:.0e}, error {err[s][i]:.1e}")

# %% tags=["figure:finite-difference-error"]
eps = np.finfo(float).eps
fig, ax = plt.subplots(figsize=(6.5, 3.8))
ax.loglog(hs, err["forward"], "o-", ms=3, label="forward difference")
ax.loglog(hs, err["central"], "s-", ms=3, label="central difference")
ax.loglog(hs, eps * J6 / hs, "k:", lw=1,
          label=r"round-off $\varepsilon_{\mathrm{mach}} J / h$")
# slopes 1 and 2, through the measured errors at h = 1e-2
k = int(np.argmin(abs(hs - 1e-2)))
ax.loglog(hs, err["forward"][k] * hs / hs[k], "C0--", lw=1,
          label=r"$\propto h$")
ax.loglog(hs, err["central"][k] * (hs / hs[k]) ** 2, "C1--", lw=1,
          label=r"$\propto h^2$")
ax.set(xlabel="$h$", ylabel="|finite difference - exact|",
       ylim=(1e-13, 1), title="error of a finite difference vs $h$")
ax.legend(fontsize=8, loc="lower left")
fig.tight_layout()
plt.show()

# %% [markdown]
# On the right, truncation: the forward error falls like $h$ (one decade
# per decade), the central error like $h^2$ (two decades per decade). On
# the left, round-off: both errors grow like $1/h$, along the dotted line.
# The best $h$ sits where the two meet. Balancing $\frac{h}{2}|J''|$
# against $\varepsilon_{\text{mach}} |J| / h$ gives $h \approx \sqrt{\varepsilon_{\text{mach}}}
# \approx 10^{-8}$, and balancing $\frac{h^2}{6}|J'''|$ against it gives
# $h \approx \varepsilon_{\text{mach}}^{1/3} \approx 6 \times 10^{-6}$, each up to a
# factor set by the size of the derivatives (the best $h$ printed above).
# At its best, the central difference is also the more accurate. That is
# why `gradcheck` uses central differences with $h = 10^{-6}$: close to the
# bottom of the central curve, where the relative error is far below the
# $10^{-7}$ that chapter 4 accepts for a correct gradient (and the 0.83 of
# the bug above). Each of these claims, measured on the curves (slopes
# fitted on the log-log plot):

# %%
def loglog_slope(errors, lo, hi):
    """Slope of log(error) against log(h) for lo <= h <= hi."""
    keep = (hs >= lo) & (hs <= hi)
    return np.polyfit(np.log10(hs[keep]), np.log10(np.array(errors)[keep]), 1)[0]


slopes = {"forward, truncation": loglog_slope(err["forward"], 1e-4, 1e-1),
          "central, truncation": loglog_slope(err["central"], 1e-3, 1e-1),
          "forward, round-off": loglog_slope(err["forward"], 1e-15, 1e-10),
          "central, round-off": loglog_slope(err["central"], 1e-15, 1e-10)}
for name, slope in slopes.items():
    print(f"{name:<20} slope {slope:+.2f}")
assert 0.8 < slopes["forward, truncation"] < 1.2
assert 1.7 < slopes["central, truncation"] < 2.3
assert -1.4 < slopes["forward, round-off"] < -0.6
assert -1.4 < slopes["central, round-off"] < -0.6
assert 1e-9 <= best_h["forward"] <= 1e-6 and 1e-7 <= best_h["central"] <= 1e-4
assert min(err["central"]) < min(err["forward"])
i_6 = int(np.argmin(np.abs(hs - 1e-6)))
print(f"central difference at h = 1e-6: relative error "
      f"{err['central'][i_6] / abs(exact):.1e}")
assert err["central"][i_6] / abs(exact) < 1e-7

# %% [markdown]
# ## 7. Training the numpy network on the moons
#
# Same data, same architecture, same learning rate and number of steps as
# the `Value` network of section 4, now with `train`: `loss_and_grads`
# followed by $W_l \leftarrow W_l - \eta\, \partial J / \partial W_l$.

# %%
net_np = init_layers([2, 8, 1], g=tanh, g_out=identity,
                     rng=np.random.default_rng(0))
start = time.perf_counter()
numpy_losses = train_mlp(X_m, y_m, net_np, eta=3.0, steps=100)
numpy_seconds = (time.perf_counter() - start) / 100
acc_np = np.mean((forward_trace(X_m, net_np)[1][-1][:, 0] > 0) == y_m)
print(f"J: {numpy_losses[0]:.3f} -> {numpy_losses[-1]:.3f}, "
      f"training accuracy {acc_np:.0%}")
print(f"{numpy_seconds * 1e6:.0f} microseconds per step, "
      f"{value_seconds / numpy_seconds:.0f} times faster than Values")
assert acc_np == 1.0 and numpy_losses[-1] < 0.1 * numpy_losses[0]
assert value_seconds / numpy_seconds > 100  # two to three orders of magnitude

# %% [markdown]
# The two networks start from different random weights (Python's and
# numpy's generators), so their curves differ in detail. Arrays make
# training cheap enough to go much further: 2,000 steps on 200 points.

# %% tags=["figure:numpy-mlp"]
X_big, y_big = moons(n=200, noise=0.1, seed=0)
net_big = init_layers([2, 16, 16, 1], g=tanh, g_out=identity,
                      rng=np.random.default_rng(0))
big_losses = train_mlp(X_big, y_big, net_big, eta=0.5, steps=2000)
acc_big = np.mean((forward_trace(X_big, net_big)[1][-1][:, 0] > 0) == y_big)

fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.3))
for losses, name in [(value_losses, "Values, [2, 8, 1]"),
                     (numpy_losses, "numpy, [2, 8, 1]"),
                     (big_losses, "numpy, [2, 16, 16, 1]")]:
    ax0.plot(range(1, len(losses) + 1), losses, label=name)
ax0.set(xscale="log", xlabel="step", ylabel="$J$", ylim=(0, None),
        title="training loss")
ax0.legend(fontsize=7)
decision_regions(
    ax1, lambda G: sigmoid(forward_trace(G, net_big)[1][-1][:, 0]),
    X_big, y_big)
ax1.set_title(f"[2, 16, 16, 1]: {acc_big:.0%} correct")
fig.tight_layout()
plt.show()

# %% [markdown]
# **Try it.** Copy `backward` into a cell (`dlbook.autograd.backprop.backward`) and
# break it on purpose: drop the $\odot\, g_l'(Z_l)$ factor, or use $A_l$
# where $A_{l-1}$ belongs, and run section 6 again with it. Which parameters fail the check, and by how much?
# Then make the hidden layers ReLU (`g=relu`) and run `gradcheck` with a
# large $h$ such as $10^{-1}$: what happens when $w \pm h$ crosses a kink?
