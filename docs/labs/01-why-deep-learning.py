# %% [markdown]
# # Lab 1: features and speed, measured
#
# Chapter 1 makes two claims. This lab checks both on the machine that built this
# page, and you can re-run it on yours (download the notebook with the button at the top).
#
# 1. **Features matter.** Data that no straight line can separate becomes separable
#    once we add the right *feature*, a new number computed from the inputs. Before
#    deep learning, people designed such features by hand; a deep network learns them.
# 2. **Hardware and software matter.** The same arithmetic runs fifty to
#    thousands of times faster in an optimised library than in a plain Python loop.
#    Deep learning is mostly matrix multiplication, so this speed is a large part of
#    why it works now.
#
# Every number below is printed by the code above it; none is typed in by hand.

# %%
import os
import timeit

import matplotlib.pyplot as plt
import numpy as np
import torch

from dlbook.data.synthetic import xor
from dlbook.nn.activations import step
from dlbook.nn.perceptron import train_perceptron
from dlbook.plotting import CLASS_COLORS, decision_regions, style

style()

# %% [markdown]
# ## Part A: a hand-engineered feature
#
# ### The data
#
# `dlbook.data.xor` scatters points around the four corners of the unit square. A
# point's label is $x_1 \oplus x_2$ (XOR) of the corner it came from: class 1 at
# $(0, 1)$ and $(1, 0)$, class 0 at $(0, 0)$ and $(1, 1)$.

# %%
X, y = xor(n=200, noise=0.12, seed=0)
print("X:", X.shape, X.dtype, "  y:", y.shape, y.dtype)
print("points per class:", np.bincount(y))

# %% [markdown]
# ### No straight line separates the classes
#
# A linear classifier predicts class 1 on one side of a line and class 0 on the other.
# Rather than argue, we try 72,000 lines: 360 directions $u = (\cos\theta, \sin\theta)$
# times 200 offsets $c$, predicting class 1 where $x^\top u > c$. Both sides of
# every line are covered because $\theta$ runs all the way round the circle.

# %%
theta = np.deg2rad(np.arange(360))              # (360,)
U = np.stack([np.cos(theta), np.sin(theta)])    # (2, 360)
offsets = np.linspace(-1.5, 1.5, 200)           # (200,)
pred = (X @ U)[:, :, None] > offsets            # (n, 360, 200)
accuracy = (pred == y[:, None, None]).mean(axis=0)  # (360, 200)
i, j = np.unravel_index(accuracy.argmax(), accuracy.shape)
majority = np.bincount(y).max() / len(y)
print(f"lines tried: {accuracy.size:,}")
print(f"best line: theta = {np.rad2deg(theta[i]):.0f} deg, "
      f"c = {offsets[j]:.2f}, accuracy = {accuracy[i, j]:.1%}")
print(f"always answering the majority class: {majority:.1%}")
# The claim below, checked: no line comes close to 100 %.
assert accuracy.max() < 0.8

# %% [markdown]
# Even the best line is far from 100 %. With four corners and one line, at best
# three corners land on their correct side; the fourth is always wrong. Here is that line.

# %% tags=["figure:best-line"]
u_best, c_best = U[:, i], offsets[j]
fig, ax = plt.subplots(figsize=(4.2, 4.2))
decision_regions(ax, lambda G: (G @ u_best > c_best) * 1.0, X, y)
ax.set_title(f"best of {accuracy.size:,} lines: "
             f"{accuracy[i, j]:.0%} correct")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15),
          ncol=2, frameon=False)
plt.show()

# %% [markdown]
# ### One engineered feature fixes it
#
# Someone who *knows* the data is XOR can design a feature for it:
#
# $$ \phi(x) = (x_1 - \tfrac12)(x_2 - \tfrac12). $$
#
# It is positive in the bottom-left and top-right quadrants around $(\frac12, \frac12)$
# (class 0) and negative in the other two (class 1). A single threshold on this one
# number, "class 1 if $\phi(x) < 0$", separates what no line in $(x_1, x_2)$ could
# (as long as no point strays across the middle of the square).

# %%
def phi(X: np.ndarray) -> np.ndarray:
    """The hand-engineered XOR feature. X: (n, 2) -> (n,)."""
    return (X[:, 0] - 0.5) * (X[:, 1] - 0.5)


f = phi(X)
for label in (0, 1):
    f_c = f[y == label]
    print(f"class {label}: phi(x) in "
          f"[{f_c.min():+.3f}, {f_c.max():+.3f}]")
rule = (f < 0).astype(int)
print(f"accuracy of 'class 1 if phi(x) < 0': "
      f"{(rule == y).mean():.1%}")
# phi > 0 on every class-0 point, phi < 0 on every class-1 point:
assert f[y == 0].min() > 0 and f[y == 1].max() < 0
assert (rule == y).all()

# %% tags=["figure:xor-feature"]
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.4),
                               width_ratios=[1.15, 1])
grid = np.linspace(-0.6, 1.6, 200)
g1, g2 = np.meshgrid(grid, grid)
field = phi(np.column_stack([g1.ravel(), g2.ravel()]))
field = field.reshape(g1.shape)
lim = np.abs(field).max()
mesh = ax0.pcolormesh(g1, g2, field, cmap="PuOr", vmin=-lim,
                      vmax=lim, shading="auto")
ax0.contour(g1, g2, field, levels=[0.0], colors="k")
for label, color in enumerate(CLASS_COLORS):
    ax0.scatter(*X[y == label].T, s=10, color=color,
                edgecolor="white", linewidth=0.4)
fig.colorbar(mesh, ax=ax0, shrink=0.8, label=r"$\phi(x)$")
ax0.set(xlabel="$x_1$", ylabel="$x_2$",
        title=r"$\phi$ over the input space")
ax0.set_aspect("equal")
bins = np.linspace(f.min(), f.max(), 30)
for label, color in enumerate(CLASS_COLORS):
    ax1.hist(f[y == label], bins=bins, color=color, alpha=0.75,
             label=f"class {label}")
ax1.axvline(0.0, color="k", linestyle="--", label="threshold 0")
ax1.set(xlabel=r"$\phi(x)$", ylabel="points",
        title="one number separates them")
ax1.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# ### A linear classifier on the new feature
#
# Give Rosenblatt's perceptron (chapter 2) the features $(x_1, x_2, \phi(x))$
# instead of $(x_1, x_2)$. It is still linear, in the *feature* space, and now it
# reaches zero mistakes. Seen back in the input space its boundary is curved: a
# line in feature space is a hyperbola in $(x_1, x_2)$.

# %%
def features(X: np.ndarray) -> np.ndarray:
    """(n, 2) inputs -> (n, 3) features [x_1, x_2, phi(x)]."""
    return np.column_stack([X, phi(X)])


_, _, mistakes_raw = train_perceptron(X, y, max_epochs=100)
w_f, w0_f, mistakes_f = train_perceptron(features(X), y,
                                         max_epochs=100)
print("on (x1, x2):")
print(f"  {len(mistakes_raw)} epochs, "
      f"fewest mistakes in an epoch: {min(mistakes_raw)}")
print("on (x1, x2, phi(x)):")
print(f"  {len(mistakes_f)} epochs, "
      f"mistakes per epoch: {mistakes_f}")
print("  learned w =", np.round(w_f, 3), " w_0 =", w0_f)
assert min(mistakes_raw) > 0   # on (x1, x2): never a clean epoch
assert mistakes_f[-1] == 0     # on the features: zero mistakes

# %% tags=["figure:perceptron-on-phi"]
fig, ax = plt.subplots(figsize=(4.2, 4.2))
decision_regions(ax, lambda G: step(w0_f + features(G) @ w_f), X, y)
ax.set_title(r"perceptron on $(x_1, x_2, \phi(x))$")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15),
          ncol=2, frameon=False)
plt.show()

# %% [markdown]
# The feature did the work, and a person who understood the problem had to invent it.
# For images, sound or text nobody can write down the right $\phi$, so
# deep learning *learns* the features from data instead. In Lab 2 a hidden layer of
# two perceptrons builds exactly such a feature for XOR: it maps the four corners to
# points that one more perceptron separates with a line.

# %% [markdown]
# ## Part B: why now, hardware
#
# A dense layer (chapter 2) is a matrix multiplication, and training a network runs
# billions of them. We time two basic operations three ways:
#
# * a **pure Python loop**, one multiply-add at a time;
# * **numpy**, which calls an optimised BLAS library (vectorised, multi-threaded C);
# * **torch**, the library the rest of the book uses, which does the same and can also
#   run on a GPU.
#
# A dot product of two length-$n$ vectors costs $2n$ floating-point operations
# (FLOPs: $n$ multiplies, $n$ adds); multiplying two $n \times n$ matrices costs
# $2n^3$. Dividing by the measured time gives the speed in GFLOP/s ($10^9$ FLOPs
# per second). Each timing is the best of several runs, which filters out noise from
# other programs.

# %%
def best_time(fn, repeat: int = 5, number: int = 1) -> float:
    """Seconds per call: best of `repeat` runs of `number` calls."""
    times = timeit.repeat(fn, repeat=repeat, number=number)
    return min(times) / number


def dot_python(a: list[float], b: list[float]) -> float:
    s = 0.0
    for a_i, b_i in zip(a, b):
        s += a_i * b_i
    return s


def matmul_python(A: list[list[float]],
                  B: list[list[float]]) -> list[list[float]]:
    n, k, m = len(A), len(B), len(B[0])
    C = [[0.0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            s = 0.0
            for p in range(k):
                s += A[i][p] * B[p][j]
            C[i][j] = s
    return C


print(f"CPU cores: {os.cpu_count()}, "
      f"torch threads: {torch.get_num_threads()}")

# %%
rng = np.random.default_rng(0)
results = []  # (operation, implementation, seconds, FLOPs)


def measure(op: str, runs: dict, flops: int) -> None:
    """Time each implementation of `op`; record it in `results`."""
    for impl, fn in runs.items():
        slow = impl == "Python loop"
        t = best_time(fn, repeat=3 if slow else 5,
                      number=1 if slow else 50)
        results.append((op, impl, t, flops))


n_dot = 100_000
a, b = rng.standard_normal(n_dot), rng.standard_normal(n_dot)
a_list, b_list = a.tolist(), b.tolist()
a_t, b_t = torch.from_numpy(a), torch.from_numpy(b)
measure("dot", {"Python loop": lambda: dot_python(a_list, b_list),
                "numpy": lambda: a @ b,
                "torch": lambda: torch.dot(a_t, b_t)}, 2 * n_dot)

n_mm = 128
A = rng.standard_normal((n_mm, n_mm))
B = rng.standard_normal((n_mm, n_mm))
A_list, B_list = A.tolist(), B.tolist()
A_t, B_t = torch.from_numpy(A), torch.from_numpy(B)
measure("matmul",
        {"Python loop": lambda: matmul_python(A_list, B_list),
         "numpy": lambda: A @ B,
         "torch": lambda: A_t @ B_t}, 2 * n_mm**3)

# Speed is worthless if the answer is wrong: compare the results.
C_py = np.array(matmul_python(A_list, B_list))
print("max |numpy - Python| =", np.abs(A @ B - C_py).max())
C_t = (A_t @ B_t).numpy()
print("max |torch - Python| =", np.abs(C_t - C_py).max())
print("dot products:", dot_python(a_list, b_list), float(a @ b),
      float(torch.dot(a_t, b_t)))
assert np.allclose(A @ B, C_py, rtol=0, atol=1e-10)
assert np.allclose(C_t, C_py, rtol=0, atol=1e-10)
assert np.isclose(dot_python(a_list, b_list), a @ b, rtol=1e-12)

# %% [markdown]
# All three compute the same numbers (up to rounding in the last digits, since
# the libraries add in a different order). Now the speeds, all in 64-bit floating
# point so the comparison is fair:

# %%
python_time = {op: t for op, impl, t, _ in results
               if impl == "Python loop"}
size = {"dot": f"dot, n={n_dot:,}",
        "matmul": f"matmul, {n_mm}x{n_mm}"}
print(f"{'operation':<16}{'library':<13}{'time':>12}"
      f"{'GFLOP/s':>10}{'speed-up':>10}")
for op, impl, t, flops in results:
    print(f"{size[op]:<16}{impl:<13}{t * 1e3:>9.3f} ms"
          f"{flops / t / 1e9:>10.3f}{python_time[op] / t:>9.0f}x")
# The claim of the introduction, checked on this run: both libraries beat the
# loop at least fifty times on the dot product (each number is read once, so it
# waits on memory) and hundreds of times on the matrix product (each number is
# used n times).
speedup = {(op, impl): python_time[op] / t for op, impl, t, _ in results}
at_least = {"dot": 50, "matmul": 300}
for op in ("dot", "matmul"):
    for lib in ("numpy", "torch"):
        assert speedup[op, lib] > at_least[op], (op, lib, speedup[op, lib])

# %% tags=["figure:speed"]
fig, axes = plt.subplots(1, 2, figsize=(7.5, 3.2), sharey=True)
colors = {"Python loop": "#7f7f7f", "numpy": "#1f77b4",
          "torch": "#ee4c2c"}
titles = {"dot": f"dot product, n = {n_dot:,}",
          "matmul": f"matrix multiply, {n_mm} x {n_mm}"}
for ax, op in zip(axes, ["dot", "matmul"]):
    rows = [r for r in results if r[0] == op]
    names = [impl for _, impl, _, _ in rows]
    gflops = [flops / t / 1e9 for _, _, t, flops in rows]
    bars = ax.bar(names, gflops, color=[colors[n] for n in names])
    ax.bar_label(bars, labels=[f"{g:.3g}" for g in gflops])
    ax.set_yscale("log")
    ax.set_title(titles[op])
axes[0].set_ylabel("GFLOP/s (log scale)")
fig.suptitle("the same arithmetic, measured on the machine "
             "that built this page")
fig.tight_layout()
plt.show()

# %% [markdown]
# Note the logarithmic axis: each grid line is a factor of ten. Three things to take
# away:
#
# * The Python loop is slow not because the machine is slow but because each
#   multiply-add goes through the interpreter. The libraries run the same
#   arithmetic in compiled, vectorised, multi-threaded code.
# * Compare the two operations' rates in the libraries. A matrix multiply does
#   $2n^3$ FLOPs on $2n^2$ numbers, so every number fetched from memory is used
#   $n$ times; a dot product uses each number once, and on vectors too large for
#   the processor's cache it waits on memory. (Here the vectors are small enough to
#   stay in the cache between runs, and the timings depend on what else the
#   machine is doing, so on some builds the two rates come out close.) Neural
#   networks are built from matrix multiplies, which is lucky: that is the operation
#   hardware does best.
# * A GPU runs thousands of such multiply-adds in parallel, and reaches far higher
#   GFLOP/s than this CPU. Chapter 13 measures one.
#
# **Try it.** Change `n_mm` to 256: that is 8 times the arithmetic, so how much longer
# does each implementation take? Or time `A32 @ A32` with `A32 = A.astype(np.float32)`:
# what does halving the precision do to the speed?
