# %% [markdown]
# # Lab 2: perceptrons by hand
#
# This lab runs every piece of chapter 2: one perceptron, the three activation
# functions and their derivatives, a perceptron learning a line, XOR defeating it, a
# two-layer network solving XOR (with weights set by hand, then learned by gradient
# descent), and forward propagation through a deeper network with its shapes printed
# at every layer. Where torch has the same operation we check that our numbers agree
# with it, and every claim the text makes about a result is an `assert`.

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

from dlbook.data.synthetic import blobs, xor
from dlbook.nn.activations import relu, relu_grad, sigmoid, sigmoid_grad, step, tanh, tanh_grad
from dlbook.nn.layers import dense, forward, init_layers, xor_network
from dlbook.nn.perceptron import decision_boundary, perceptron, train_perceptron
from dlbook.plotting import CLASS_COLORS, decision_regions, style

style()
# Compare with numpy in the same (64-bit) precision.
torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # tiny tensors: one thread is fastest

# %% [markdown]
# ## 1. One perceptron, step by step
#
# A perceptron with bias $w_0 = 1$ and weights $w = (3, -2)$ computes
# $\hat y = g(1 + 3x_1 - 2x_2)$. For the input $x = (-1, 2)$:

# %%
x = np.array([-1.0, 2.0])
w = np.array([3.0, -2.0])
w_0 = 1.0

products = x * w
z = w_0 + x @ w
print("x_i * w_i        =", products)
print("z = w_0 + x^T w  =", w_0, "+", products.sum(), "=", z)
print("y_hat = sigma(z) =", sigmoid(z))
# The package's perceptron does the same for a batch (one row each).
print("perceptron(...)  =", perceptron(x[None, :], w, w_0, g=sigmoid))
assert z == -6.0 and abs(sigmoid(z) - 0.0025) < 1e-4
assert perceptron(x[None, :], w, w_0, g=sigmoid)[0] == sigmoid(z)

# %% [markdown]
# $z$ is very negative, so the sigmoid squashes it close to 0: the perceptron is
# confident this point is class 0.
#
# ## 2. Activation functions and their derivatives
#
# Each panel shows $g(z)$ (solid) and $g'(z)$ (dashed). Watch the dashed curves: the
# sigmoid's derivative is never above $\frac14$, tanh's peaks at 1, and ReLU's is
# exactly 1 for every positive $z$. Chapter 4 shows why those numbers matter when
# gradients flow backwards through many layers.

# %% tags=["figure:activations"]
# (name, g, g', the same g in torch)
activations_table = [
    ("sigmoid", sigmoid, sigmoid_grad, torch.sigmoid),
    ("tanh", tanh, tanh_grad, torch.tanh),
    ("ReLU", relu, relu_grad, torch.relu),
]
z_grid = np.linspace(-5, 5, 401)
fig, axes = plt.subplots(1, 3, figsize=(7.5, 2.6), sharex=True)
for ax, (name, g, g_prime, _) in zip(axes, activations_table):
    ax.plot(z_grid, g(z_grid), color="#1f77b4", label="$g(z)$")
    ax.plot(z_grid, g_prime(z_grid), color="#d62728",
            linestyle="--", label="$g'(z)$")
    ax.axhline(0, color="k", linewidth=0.6)
    ax.axvline(0, color="k", linewidth=0.6)
    ax.set(title=name, xlabel="$z$")
axes[0].legend(loc="upper left", fontsize=8)
axes[2].set_ylim(-0.3, 3)
fig.tight_layout()
plt.show()
# The dashed curves, checked on the grid:
assert sigmoid_grad(z_grid).max() == 0.25 == sigmoid_grad(0.0)
assert tanh_grad(z_grid).max() == 1.0 == tanh_grad(0.0)
assert (relu_grad(z_grid[z_grid > 0]) == 1).all()

# %% [markdown]
# ### Are the derivative formulas right?
#
# Two independent checks. First, **central differences**:
# $g'(z) \approx \frac{g(z + h) - g(z - h)}{2h}$ for a small $h$, with an error that
# shrinks like $h^2$. Second, **torch.autograd**, which differentiates `torch.sigmoid`
# and friends for us (chapter 4 explains how). We avoid $z = 0$, where ReLU has no
# derivative. Each column is the largest absolute difference over the test points.

# %%
z_check = np.array([-4.0, -1.5, -0.3, 0.2, 1.0, 3.7])
h = 1e-5
z_t = torch.tensor(z_check, requires_grad=True)
print(f"{'g':<9}{'g vs':>12}{'g_prime vs':>14}{'g_prime vs':>14}")
print(f"{'':<9}{'torch':>12}{'finite diff':>14}{'autograd':>14}")
for name, g, g_prime, g_torch in activations_table:
    out = g_torch(z_t)
    # The gradient of sum_i g(z_i) with respect to z_i is g'(z_i).
    (autograd,) = torch.autograd.grad(out.sum(), z_t)
    finite = (g(z_check + h) - g(z_check - h)) / (2 * h)
    exact = g_prime(z_check)
    err_g = np.abs(g(z_check) - out.detach().numpy()).max()
    err_fd = np.abs(exact - finite).max()
    err_ad = np.abs(exact - autograd.numpy()).max()
    print(f"{name:<9}{err_g:>12.1e}{err_fd:>14.1e}{err_ad:>14.1e}")
    # the claims below: the last bit or two, and about ten digits
    assert err_g < 1e-15 and err_ad < 1e-15
    assert err_fd < 1e-9

# %% [markdown]
# Our functions match torch to the last bit or two of a 64-bit float, and the
# finite differences match the formulas to about ten digits, as close as a
# difference of two nearby floating-point numbers can get.
#
# ## 3. One perceptron draws a line
#
# Two Gaussian clouds, cleanly separated by a gap. Rosenblatt's learning rule
# (`train_perceptron`) visits the points one by one and nudges $w$ and $w_0$ after
# every mistake. On data that a line can separate it is guaranteed to stop with zero
# mistakes.

# %%
X_b, y_b = blobs(n=200, distance=3.0, spread=0.6, seed=2)
w_b, w0_b, mistakes_b = train_perceptron(X_b, y_b, eta=1.0,
                                         max_epochs=100)
print("mistakes per epoch:", mistakes_b)
print("w =", w_b, " w_0 =", w0_b)
slope, intercept = decision_boundary(w_b, w0_b)
print(f"decision boundary: x_2 = {slope:.3f} x_1 {intercept:+.3f}")
assert mistakes_b[-1] == 0  # separable: the rule stops with zero mistakes

# %% tags=["figure:perceptron-learns"]
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.4))
epochs_b = range(1, len(mistakes_b) + 1)
ax0.plot(epochs_b, mistakes_b, marker="o", markersize=3)
ax0.set(xlabel="epoch", ylabel="mistakes",
        title="learning rule, blobs")
# The sigmoid shades the distance from the line; its 0.5 contour is z = 0.
decision_regions(ax1, lambda G: perceptron(G, w_b, w0_b, g=sigmoid),
                 X_b, y_b)
x1_line = np.array([X_b[:, 0].min() - 0.5, X_b[:, 0].max() + 0.5])
ax1.plot(x1_line, slope * x1_line + intercept, "y--", linewidth=1.5,
         label="decision_boundary")
ax1.set_ylim(X_b[:, 1].min() - 0.5, X_b[:, 1].max() + 0.5)
ax1.set_title("$z = w_0 + x^T w = 0$ is a line")
ax1.legend(loc="upper left", fontsize=7)
fig.tight_layout()
plt.show()

# %% [markdown]
# The black contour (where $\hat y = 0.5$) and the dashed line from
# `decision_boundary` coincide: both are the set where $z = 0$. On points of the
# line, the perceptron's output is exactly one half:

# %%
x1_on = np.linspace(-3, 3, 7)
on_line = np.column_stack([x1_on, slope * x1_on + intercept])
print("sigma(z) on the line:", perceptron(on_line, w_b, w0_b, g=sigmoid))
assert np.allclose(perceptron(on_line, w_b, w0_b, g=sigmoid), 0.5)

# %% [markdown]
#
# ## 4. XOR defeats one perceptron
#
# The XOR data of Lab 1. No line separates the classes, so the learning rule never
# runs out of mistakes: it cycles forever, and only `max_epochs` stops it.

# %%
X_x, y_x = xor(n=200, noise=0.12, seed=0)
w_x, w0_x, mistakes_x = train_perceptron(X_x, y_x, eta=1.0,
                                         max_epochs=100)
print(f"epochs run: {len(mistakes_x)}")
print(f"fewest mistakes in an epoch: {min(mistakes_x)}")
print(f"epochs with zero mistakes: {mistakes_x.count(0)}")
accuracy_x = (step(w0_x + X_x @ w_x) == y_x).mean()
print(f"accuracy of the final weights: {accuracy_x:.1%}")
assert len(mistakes_x) == 100 and min(mistakes_x) > 0  # never runs out

# %% tags=["figure:xor-defeats-perceptron"]
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.4))
ax0.plot(range(1, len(mistakes_x) + 1), mistakes_x, color="#d62728",
         linewidth=1, label="XOR")
ax0.plot(epochs_b, mistakes_b, color="#1f77b4", linewidth=1.5,
         label="blobs")
ax0.set(xlabel="epoch", ylabel="mistakes", ylim=(0, None),
        title="never zero on XOR")
ax0.legend(loc="center right", fontsize=8)
decision_regions(ax1, lambda G: perceptron(G, w_x, w0_x, g=step),
                 X_x, y_x)
ax1.set_title(f"final line: {accuracy_x:.0%} correct")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 5. Two layers solve XOR
#
# `xor_network` wires two hidden step perceptrons and one output perceptron by hand
# (section 6 learns such weights from data). Hidden unit 1 computes OR, hidden
# unit 2 computes NAND, and the output is the AND of the two. First the four corners,
# the truth table:

# %%
layers = xor_network()
corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_, H, Y_hat = forward(corners, layers)
print("x_1 x_2 | h_1 (OR)  h_2 (NAND) | y_hat | x_1 XOR x_2")
for (a, b), (h1, h2), (out,) in zip(corners, H, Y_hat):
    print(f" {a:.0f}   {b:.0f}  |    {h1:.0f}         {h2:.0f}      |"
          f"   {out:.0f}   |      {int(a) ^ int(b)}")
assert (Y_hat[:, 0] == [0, 1, 1, 0]).all()      # XOR
assert (H[:, 0] == [0, 1, 1, 1]).all()          # h_1: OR
assert (H[:, 1] == [1, 1, 1, 0]).all()          # h_2: NAND

# %% [markdown]
# Now the noisy points. Left: the network's decision regions in the input space, with
# the two hidden units' lines ($(z_1)_j = 0$, from `decision_boundary`). Each hidden
# unit cuts the plane once; the output unit keeps the band between the two cuts.
# Right: the same points in the *hidden* space $(h_1, h_2)$ (with a little jitter,
# since the step outputs only 0 or 1). There the classes are separable by a line,
# the output unit's $z_2 = 0$. The hidden layer has built a feature, just like the
# hand-made $\phi$ of Lab 1.

# %% tags=["figure:xor-two-layers"]
_, H_x, Y_x = forward(X_x, layers)
print(f"accuracy on the {len(y_x)} noisy XOR points: "
      f"{(Y_x[:, 0] == y_x).mean():.1%}")
assert (Y_x[:, 0] == y_x).all()  # in hidden space a line separates them
(W_1, b_1), (W_2, b_2) = [(layer.W, layer.b) for layer in layers]

fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.9))
decision_regions(ax0, lambda G: forward(G, layers)[-1][:, 0],
                 X_x, y_x)
x1_line = np.array([-0.6, 1.6])
for j, (name, fmt) in enumerate([("$h_1$: OR", "g--"),
                                 ("$h_2$: NAND", "m--")]):
    s, c = decision_boundary(W_1[:, j], b_1[j])
    ax0.plot(x1_line, s * x1_line + c, fmt, linewidth=1.5, label=name)
lo, hi = X_x.min(axis=0) - 0.5, X_x.max(axis=0) + 0.5
ax0.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), title="input space")
ax0.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2,
           fontsize=7, frameon=False)

jitter = np.random.default_rng(0).normal(0, 0.04, size=H_x.shape)
H_plot = H_x + jitter
for label, color in enumerate(CLASS_COLORS):
    ax1.scatter(*H_plot[y_x == label].T, s=12, color=color,
                edgecolor="white", linewidth=0.4,
                label=f"class {label}")
s, c = decision_boundary(W_2[:, 0], b_2[0])
h_line = np.array([-0.3, 1.3])
ax1.plot(h_line, s * h_line + c, "k-", linewidth=1.5,
         label="output: $z_2 = 0$")
ax1.set(xlim=(-0.3, 1.3), ylim=(-0.3, 1.3), xlabel="$h_1$ (OR)",
        ylabel="$h_2$ (NAND)", title="hidden space")
ax1.set_aspect("equal")
ax1.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2,
           fontsize=7, frameon=False)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 6. Learning XOR by gradient descent
#
# In section 5 we chose the weights. Here a 2-2-1 network *learns* them: two tanh
# hidden units, one output unit whose logit $z_2$ feeds chapter 3's binary
# cross-entropy, and 1,000 steps of full-batch gradient descent with $\eta = 1$
# (chapter 4 computes the gradient, chapter 5 studies the step). Everything is
# fixed: the data, the number of steps, and the seed that draws the initial
# weights. We train from ten seeds, 0 to 9.

# %%
X_xt = torch.from_numpy(X_x)
y_xt = torch.from_numpy(y_x).double()


def train_xor(seed: int, steps: int = 1000, eta: float = 1.0):
    """A 2-2-1 tanh network trained on the XOR points; (net, losses, accuracy)."""
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Tanh(),
                              torch.nn.Linear(2, 1))
    opt = torch.optim.SGD(net.parameters(), lr=eta)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            net(X_xt)[:, 0], y_xt)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    with torch.no_grad():
        accuracy = ((net(X_xt)[:, 0] > 0).double() == y_xt).double().mean()
    return net, np.array(losses), accuracy.item()


xor_runs = {seed: train_xor(seed) for seed in range(10)}
for seed, (_, losses, acc) in xor_runs.items():
    print(f"seed {seed}: J {losses[0]:.3f} -> {losses[-1]:.4f}, "
          f"accuracy {acc:.1%}")
solved = [seed for seed, run in xor_runs.items() if run[2] == 1.0]
stuck = [seed for seed in xor_runs if seed not in solved]
print("solved:", solved, "  stuck:", stuck)

# %% [markdown]
# Most seeds solve XOR, every point right. A few do not: their loss stops falling
# well above zero, with one corner of the square misclassified. Gradient descent
# has settled in a *local minimum* (or on a flat stretch) of the loss, a place
# where every small step goes uphill although better weights exist. Chapter 5
# returns to such landscapes. The claims, checked:

# %%
assert 0 in solved and len(solved) >= 5
assert len(stuck) >= 1
for seed in stuck:
    losses = xor_runs[seed][1]
    assert xor_runs[seed][2] < 0.8            # one corner wrong
    assert losses[-1] > 0.3                   # far from zero ...
    assert losses[-500] - losses[-1] < 1e-2   # ... and no longer falling

# %% [markdown]
# What did the network of seed 0 learn? Left, the loss of every run. Middle, the
# input space, with the lines where each hidden unit's pre-activation is zero,
# $(z_1)_j = 0$. Right, the *hidden space*: each point $x$ drawn at
# $h = \tanh(z_1) = (h_1, h_2)$, the pair of numbers the output unit sees, with the
# output unit's line $z_2 = 0$. As with the hand-set weights of section 5, the
# hidden layer has moved the four corners so that one line separates the classes;
# but it found its own feature, not OR and NAND: its two lines run along the other
# diagonal of the square (positive slope, where OR's and NAND's have slope $-1$).

# %% tags=["figure:xor-learned"]
net_x = xor_runs[0][0]
W1_x = net_x[0].weight.detach().numpy().T    # (2, 2): our layout, (d_0, d_1)
b1_x = net_x[0].bias.detach().numpy()        # (2,)
W2_x = net_x[2].weight.detach().numpy().T    # (2, 1)
b2_x = net_x[2].bias.detach().numpy()        # (1,)
H_learned = np.tanh(X_x @ W1_x + b1_x)       # (200, 2): the hidden space


def learned_predict(G):
    with torch.no_grad():
        return torch.sigmoid(net_x(torch.from_numpy(G))[:, 0]).numpy()


fig, (ax0, ax1, ax2) = plt.subplots(1, 3, figsize=(7.5, 2.9),
                                    width_ratios=[1.1, 1, 1])
for seed, (_, losses, acc) in xor_runs.items():
    ax0.plot(losses, color="#2ca02c" if acc == 1.0 else "#d62728",
             linewidth=1, alpha=0.8)
ax0.set(yscale="log", xlabel="step", ylabel="$J$",
        title="10 seeds: solved / stuck")
decision_regions(ax1, learned_predict, X_x, y_x, resolution=150)
for j, fmt in enumerate(["g--", "m--"]):
    s_j, c_j = decision_boundary(W1_x[:, j], b1_x[j])
    ax1.plot(x1_line, s_j * x1_line + c_j, fmt, linewidth=1.2)
ax1.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), title="input space")
for label, color in enumerate(CLASS_COLORS):
    ax2.scatter(*H_learned[y_x == label].T, s=16, color=color,
                edgecolor="white", linewidth=0.4, label=f"class {label}")
s_out, c_out = decision_boundary(W2_x[:, 0], b2_x[0])
h_line = np.array([-1.2, 1.2])
ax2.plot(h_line, s_out * h_line + c_out, "k-", linewidth=1.5)
ax2.set(xlim=(-1.2, 1.2), ylim=(-1.2, 1.2), xlabel="$h_1$",
        ylabel="$h_2$", title="hidden space")
ax2.legend(loc="lower left", fontsize=7)
ax2.set_aspect("equal")
fig.tight_layout()
plt.show()

# %% [markdown]
# Checked: the output unit's line separates the points *in the hidden space*,
# with every class-1 point on its positive side, and both hidden lines have a
# positive slope.

# %%
z2_learned = H_learned @ W2_x[:, 0] + b2_x[0]
assert ((z2_learned > 0) == (y_x == 1)).all()
slopes_learned = [decision_boundary(W1_x[:, j], b1_x[j])[0] for j in range(2)]
print("slopes of the learned hidden lines:", np.round(slopes_learned, 3))
assert all(slope_j > 0 for slope_j in slopes_learned)
print("min margin in hidden space:", np.abs(z2_learned).min().round(3))

# %% [markdown]
# ## 7. A dense layer is many perceptrons
#
# A dense layer with $m$ outputs is $m$ perceptrons reading the same input. With a
# batch $X$ of shape $(n, d)$, weights $W$ of shape $(d, m)$ and biases $b$ of shape
# $(m,)$, it computes $g(XW + b)$ of shape $(n, m)$. Column $j$ of the output is
# perceptron $j$ on its own, and torch's `nn.Linear` computes the same thing (it
# stores the transposed weight matrix, of shape $(m, d)$).

# %%
rng = np.random.default_rng(0)
n, d, m = 4, 2, 3
X = rng.normal(size=(n, d))
W = rng.normal(size=(d, m))
b = rng.normal(size=m)
A = dense(X, W, b, sigmoid)
print("X:", X.shape, " W:", W.shape, " b:", b.shape,
      " -> A:", A.shape)

columns = [perceptron(X, W[:, j], b[j], g=sigmoid) for j in range(m)]
one_by_one = np.column_stack(columns)
print("max |dense - one perceptron at a time| =",
      np.abs(A - one_by_one).max())
assert A.shape == (n, m) and np.allclose(A, one_by_one, rtol=0, atol=1e-15)

linear = torch.nn.Linear(d, m)
with torch.no_grad():
    linear.weight.copy_(torch.from_numpy(W.T))   # (m, d)
    linear.bias.copy_(torch.from_numpy(b))
    A_torch = torch.sigmoid(linear(torch.from_numpy(X))).numpy()
print("max |dense - torch nn.Linear + sigmoid| =",
      np.abs(A - A_torch).max())
assert np.allclose(A, A_torch, rtol=0, atol=1e-15)

# %% [markdown]
# ## 8. Forward propagation, shape by shape
#
# A network with layer sizes $[2, 4, 3, 1]$: two inputs, hidden layers of 4 and 3 ReLU
# units, and one sigmoid output. Layer $l$ has $W_l$ of shape $(d_{l-1}, d_l)$ and
# $b_l$ of shape $(d_l,)$, so it holds $(d_{l-1} + 1)\,d_l$ parameters. A batch of 5
# examples flows through it:

# %%
sizes = [2, 4, 3, 1]
net = init_layers(sizes, g=relu, g_out=sigmoid,
                  rng=np.random.default_rng(0))
X_batch = np.random.default_rng(1).normal(size=(5, sizes[0]))
activations = forward(X_batch, net)

print(f"{'layer':<8}{'W':>10}{'b':>8}{'params':>8}{'output':>10}")
print(f"{'input':<8}{'':>26}{str(activations[0].shape):>10}")
for l, layer in enumerate(net, start=1):
    n_params = layer.W.size + layer.b.size
    print(f"{l:<8}{str(layer.W.shape):>10}{str(layer.b.shape):>8}"
          f"{n_params:>8}{str(activations[l].shape):>10}")
print("total parameters:", sum(L.W.size + L.b.size for L in net))
print("y_hat =", activations[-1][:, 0].round(4))
print("active ReLUs in layer 2, per example:",
      (activations[2] > 0).sum(axis=1))
assert [a.shape for a in activations] == [(5, 2), (5, 4), (5, 3), (5, 1)]
assert sum(L.W.size + L.b.size for L in net) == 12 + 15 + 4
# the next paragraph: no active ReLU in layer 2 <=> y_hat exactly 0.5
all_off = (activations[2] > 0).sum(axis=1) == 0
assert all_off.any() and (activations[-1][all_off, 0] == 0.5).all()
assert np.abs(activations[-1][:, 0] - 0.5).max() < 0.2  # near 0.5

# %% [markdown]
# The weights are random, so the predictions mean nothing yet: they sit near 0.5.
# Some are *exactly* 0.5: for those examples every ReLU of layer 2 is off, the output
# unit receives only zeros, and $\sigma(b_3) = \sigma(0) = 0.5$. Training
# (chapters 3 to 5) is what turns these weights into useful ones.
#
# The same network in torch, with our weights copied in, gives the same predictions:

# %%
model = torch.nn.Sequential(
    torch.nn.Linear(2, 4), torch.nn.ReLU(),
    torch.nn.Linear(4, 3), torch.nn.ReLU(),
    torch.nn.Linear(3, 1), torch.nn.Sigmoid())
with torch.no_grad():
    for linear, layer in zip([model[0], model[2], model[4]], net):
        linear.weight.copy_(torch.from_numpy(layer.W.T))
        linear.bias.copy_(torch.from_numpy(layer.b))
    y_torch = model(torch.from_numpy(X_batch)).numpy()
n_torch = sum(p.numel() for p in model.parameters())
print("torch parameters:", n_torch)
y_hat = activations[-1]
print("max |forward - torch| =", np.abs(y_hat - y_torch).max())
assert n_torch == 31 and np.allclose(y_hat, y_torch, rtol=0, atol=1e-15)

# %% [markdown]
# **Try it.** Give `init_layers` the sizes `[2, 64, 64, 10]` and count the parameters
# before you run it. Then make every layer linear (`g=lambda z: z`, `g_out=lambda z: z`)
# and check that the whole network collapses into one dense layer: its output equals
# `X_batch @ W` with `W = net[0].W @ net[1].W @ net[2].W` (the biases start at zero).
