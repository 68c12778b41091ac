# %% [markdown]
# # Lab 8: backpropagation through time
#
# This lab runs every piece of chapter 8. BPTT by hand, from
# `dlbook.autograd.bptt`, is checked against torch's autograd and against
# finite differences. We measure how far back a gradient reaches,
# $\|\partial h_T / \partial h_t\|$, for recurrent weights with a spectral
# radius just below and just above 1. A character language model trained with
# a large learning rate diverges; the same run with its gradient clipped by norm
# trains. Truncated BPTT carries the state forward but cuts the graph, and we
# see the gradient stop at the cut. Last, the identity initialisation of a ReLU
# RNN keeps the gradient from vanishing at all.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

from dlbook.autograd.bptt import hidden_jacobian_norms, rnn_loss_and_grads, truncated_bptt
from dlbook.autograd.gradcheck import numerical_gradient
from dlbook.data.text import Vocabulary, documentation_text, next_token_windows, random_windows
from dlbook.nn.embedding import one_hot
from dlbook.nn.rnn import RNN, RNNLanguageModel, identity_init, init_rnn
from dlbook.optim.clipping import clip_grad_norm
from dlbook.plotting import style

style()
torch.set_num_threads(1)  # small tensors: one thread is fastest
f64 = torch.float64
lab_start = time.perf_counter()

# %% [markdown]
# ## 1. BPTT by hand, checked against autograd
#
# A small RNN reads 4 windows of 12 characters of Python's documentation
# (one-hot, $V = 27$), with 16 hidden units, and predicts every next character.
# `rnn_loss_and_grads` runs the forward pass, the softmax cross-entropy, and
# the backward pass of chapter 8 by hand: one term per time step for each
# shared weight. The reference is the same network written with our torch
# module `RNN` and differentiated by autograd, in float64.

# %%
text = documentation_text()
vocab = Vocabulary.from_text(text)
ids = vocab.encode(text)
V = vocab.size
inputs, targets = next_token_windows(ids[:5000], T=12)
x_ids, y_ids = inputs[:4], targets[:4]  # (4, 12) each
X = one_hot(x_ids, V)                   # (4, 12, 27)

params = init_rnn(d=V, h=16, q=V, rng=np.random.default_rng(0))
J, grads, H = rnn_loss_and_grads(params, X, y_ids)

rnn = RNN(V, 16, dtype=f64)
with torch.no_grad():
    for name in ("W_xh", "W_hh", "b_h"):
        getattr(rnn, name).copy_(torch.from_numpy(params[name]))
W_hy = torch.tensor(params["W_hy"], requires_grad=True)
b_y = torch.tensor(params["b_y"], requires_grad=True)
H_torch, _ = rnn(torch.from_numpy(X))
logits = H_torch @ W_hy.T + b_y
J_torch = F.cross_entropy(logits.reshape(-1, V), torch.from_numpy(y_ids).reshape(-1))
J_torch.backward()
torch_grads = {"W_xh": rnn.W_xh.grad, "W_hh": rnn.W_hh.grad, "b_h": rnn.b_h.grad,
               "W_hy": W_hy.grad, "b_y": b_y.grad}
print(f"J = {J:.6f} (torch {J_torch.item():.6f})")
worst = 0.0
for name, g in torch_grads.items():
    dev = np.abs(grads[name] - g.numpy()).max()
    worst = max(worst, dev)
    print(f"dJ/d{name:<5} {str(grads[name].shape):>9}   largest |by hand - autograd| {dev:.1e}")
assert abs(J - J_torch.item()) < 1e-12
assert worst < 1e-12

# %% [markdown]
# And against the referee that needs no calculus at all, central differences,
# on the recurrent weights $W_{hh}$, the ones whose gradient is a sum over time
# of products of Jacobians:

# %%
def loss_of_W_hh(W):
    return rnn_loss_and_grads({**params, "W_hh": W}, X, y_ids)[0]


numeric = numerical_gradient(loss_of_W_hh, params["W_hh"])
dev = np.abs(numeric - grads["W_hh"]).max()
print(f"|dJ/dW_hh| largest entry {np.abs(grads['W_hh']).max():.2e}; "
      f"largest |BPTT - central differences| {dev:.1e}")
assert dev < 1e-8

# %% [markdown]
# ## 2. How far back does a gradient reach?
#
# Going back one step multiplies the gradient by the Jacobian
# $\partial h_t / \partial h_{t-1} = \mathrm{diag}(g'(z_t))\, W_{hh}$ (with $z_t$ the pre-activation), so
# $\partial h_T / \partial h_t$ is a product of $T - t$ of them.
# `hidden_jacobian_norms` computes its spectral norm for every $t$. We build
# one symmetric $32 \times 32$ matrix $S$ with spectral radius 1 and scale it,
# $W_{hh} = \rho S$, with $\rho = 0.9$ and $\rho = 1.1$.
#
# First a *linear* RNN ($g$ the identity, $g' = 1$): the product is exactly
# $W_{hh}^{T-t}$, whose norm is $\rho^{T-t}$ for a symmetric matrix. Then tanh,
# with inputs $u_t = W_{xh} x_t + b_h$ drawn at random, where every factor
# $\tanh'(z_t) \le 1$ can only shrink the product: its norm stays below
# $\rho^{T-t}$.

# %%
T_long, h_dim = 60, 32
rng = np.random.default_rng(0)
A = rng.normal(size=(h_dim, h_dim))
S = (A + A.T) / 2
S /= np.abs(np.linalg.eigvalsh(S)).max()   # spectral radius 1
U = rng.normal(scale=0.3, size=(T_long, h_dim))
steps_back = T_long - np.arange(T_long + 1)  # T - t for t = 0..T

norms = {}
for rho in (0.9, 1.1):
    norms["linear", rho] = hidden_jacobian_norms(rho * S, T_long, "identity")
    norms["tanh", rho] = hidden_jacobian_norms(rho * S, T_long, "tanh", U=U)
    print(f"rho = {rho}: ||dh_T/dh_0||  linear {norms['linear', rho][0]:.3g} "
          f"(rho^T = {rho ** T_long:.3g}),  tanh {norms['tanh', rho][0]:.3g}")

for rho in (0.9, 1.1):
    exact = rho ** steps_back.astype(float)
    assert np.allclose(norms["linear", rho], exact, rtol=1e-10)    # exactly rho^(T - t)
    assert np.all(norms["tanh", rho] <= exact * (1 + 1e-10))       # tanh' <= 1: never above it
assert norms["linear", 0.9][0] < 1e-2 and norms["linear", 1.1][0] > 1e2
assert norms["tanh", 0.9][0] < 0.01 * norms["linear", 0.9][0]   # tanh vanishes faster still
assert norms["tanh", 1.1][0] < 1.0     # and rho > 1 does not force tanh to explode

# %% [markdown]
# The numbers are not an artefact of `hidden_jacobian_norms`: torch's autograd
# computes the full Jacobian $\partial h_T / \partial h_t$ of the tanh RNN by
# itself, and its norm agrees.

# %%
W_t, U_t = torch.tensor(1.1 * S), torch.tensor(U)


def h_T_from(h_t, t):
    h = h_t
    for s in range(t, T_long):
        h = torch.tanh(W_t @ h + U_t[s])
    return h


h = torch.zeros(h_dim, dtype=f64)
states = [h]
for s in range(T_long):
    h = torch.tanh(W_t @ h + U_t[s])
    states.append(h)
for t in (0, 30, 55):
    jac = torch.autograd.functional.jacobian(lambda h_t: h_T_from(h_t, t), states[t])
    by_autograd = torch.linalg.matrix_norm(jac, 2).item()
    print(f"t = {t:>2}: autograd {by_autograd:.6e}   hidden_jacobian_norms "
          f"{norms['tanh', 1.1][t]:.6e}")
    assert abs(by_autograd - norms["tanh", 1.1][t]) <= 1e-10 * by_autograd

# %% tags=["figure:gradient-norms"]
fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.4), sharey=True)
colors = {0.9: "#1f77b4", 1.1: "#d62728"}
for ax, kind in zip(axes, ("linear", "tanh")):
    for rho in (0.9, 1.1):
        ax.semilogy(np.arange(T_long + 1), norms[kind, rho], color=colors[rho],
                    label=rf"$\rho = {rho}$")
        if kind == "tanh":
            ax.semilogy(np.arange(T_long + 1), rho ** steps_back.astype(float), ":",
                        color=colors[rho], linewidth=1, label=rf"bound $\rho^{{T-t}}$")
    ax.axhline(1.0, color="0.4", linewidth=0.8)
    ax.set_xlabel("time step $t$ ($T = 60$)")
    ax.set_title("linear RNN: exactly $\\rho^{T-t}$" if kind == "linear"
                 else "tanh RNN with inputs: below $\\rho^{T-t}$")
    ax.legend(fontsize=8)
axes[0].set_ylabel(r"$\|\partial h_T / \partial h_t\|_2$")
fig.tight_layout()
plt.show()

# %% [markdown]
# Read the figures from right to left, going back in time from $t = T$. With
# $\rho = 0.9$ the influence of step $t$ on step $T$ falls by 10% per step
# (linear): after 60 steps it is below $10^{-2}$, and with tanh more than a
# hundred times smaller still. With $\rho = 1.1$ the linear RNN's grows by
# 10% per step, to more than 100. With
# tanh the explosion is not guaranteed: $\rho > 1$ is needed for the product
# to grow, not enough, because saturated units ($\tanh' \approx 0$) cut it.
# Here it even vanishes (below 1 at $t = 0$), while in the training run of the
# next section the gradient does explode.
#
# ## 3. A training run that diverges, and the same run clipped
#
# An RNN language model (one-hot inputs, 64 tanh units,
# `dlbook.nn.rnn.RNNLanguageModel`) on the documentation text, trained with
# plain SGD at a large learning rate, $\eta = 2$, for 400 steps of 32 windows
# of 64 characters. Both runs start from the same weights and see the same
# batches; the second rescales its gradient to norm at most $c = 0.5$ with
# `clip_grad_norm` before every step. First, our clipping against torch's
# `clip_grad_norm_` on one real gradient:

# %%
def make_model():
    torch.manual_seed(0)
    return RNNLanguageModel(V, hidden_size=64, embed_size=None, cell="rnn")


def batch_loss(model, x, y):
    logits, _ = model(torch.from_numpy(x))
    return F.cross_entropy(logits.reshape(-1, V), torch.from_numpy(y).reshape(-1))


x, y = random_windows(ids, 64, 32, np.random.default_rng(0))
ours, theirs = make_model(), make_model()
for model in (ours, theirs):
    batch_loss(model, x, y).backward()
    for p in model.parameters():
        p.grad *= 10   # a large gradient, so that clipping changes it
total = clip_grad_norm(ours.parameters(), 0.5)
total_torch = torch.nn.utils.clip_grad_norm_(theirs.parameters(), 0.5)
clipped = torch.linalg.vector_norm(torch.cat([p.grad.ravel() for p in ours.parameters()]))
dev = max((a.grad - b.grad).abs().max().item()
          for a, b in zip(ours.parameters(), theirs.parameters()))
print(f"norm before {total.item():.4f} (torch {total_torch.item():.4f}), after {clipped.item():.4f}; "
      f"largest |ours - torch| {dev:.1e}")
assert abs(total.item() - total_torch.item()) < 1e-5 * total.item()
assert dev < 1e-7 and abs(clipped.item() - 0.5) < 1e-4

# %% [markdown]
# Now the two runs. We record the training loss and the gradient norm *before*
# clipping at every step.

# %%
def train(max_norm, steps=400, lr=2.0):
    model = make_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    rng = np.random.default_rng(0)   # the same batches for both runs
    losses, grad_norms = [], []
    for _ in range(steps):
        x, y = random_windows(ids, 64, 32, rng)
        loss = batch_loss(model, x, y)
        optimizer.zero_grad()
        loss.backward()
        grad_norms.append(clip_grad_norm(model.parameters(), max_norm).item())
        optimizer.step()
        losses.append(loss.item())
    return np.array(losses), np.array(grad_norms)


start = time.perf_counter()
loss_plain, norm_plain = train(max_norm=float("inf"))   # an infinite threshold never clips
loss_clip, norm_clip = train(max_norm=0.5)
print(f"two runs of 400 steps in {time.perf_counter() - start:.1f} s")

uniform_loss = np.log(V)    # guessing every character with probability 1/27
counts = np.bincount(ids, minlength=V)
unigram_loss = -np.sum(counts / counts.sum() * np.log(counts / counts.sum()))
first_spike = int(np.argmax(norm_plain > 10))
print(f"uniform guess {uniform_loss:.2f}, unigram {unigram_loss:.2f}")
print(f"no clipping: gradient norm first above 10 at step {first_spike}, largest "
      f"{norm_plain.max():.3g}; loss at most {loss_plain.max():.1f}, last 50 steps "
      f"{loss_plain[-50:].mean():.2f}")
print(f"clipped:     gradient norm above c at {np.mean(norm_clip > 0.5):.0%} of steps, "
      f"largest {norm_clip.max():.3g}; last 50 steps {loss_clip[-50:].mean():.2f}")

assert loss_plain[0] == loss_clip[0]                  # the same start
assert np.isfinite(loss_clip).all()
assert norm_plain.max() > 20 * 0.5                    # the gradient explodes ...
assert first_spike < 50                               # within a few dozen steps
assert loss_plain.max() > 3 * uniform_loss            # ... and so does the loss
assert loss_plain[-50:].mean() > uniform_loss         # it ends worse than guessing
assert loss_clip[-50:].mean() < unigram_loss          # the clipped run learns
assert loss_clip[-50:].mean() < 0.2 * loss_plain[-50:].mean()
assert np.mean(norm_clip > 0.5) < 0.25                # by clipping only a few steps

# %% tags=["figure:clipping-rescue"]
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(8.0, 3.4))
steps_axis = np.arange(1, 401)
ax0.plot(steps_axis, loss_plain, color="#d62728", linewidth=0.8, label="no clipping")
ax0.plot(steps_axis, loss_clip, color="#2ca02c", linewidth=0.8, label="clipped to norm 0.5")
ax0.axhline(uniform_loss, color="0.4", linestyle="--", linewidth=0.8)
ax0.text(400, uniform_loss, "uniform guess", ha="right", va="bottom", fontsize=8, color="0.3")
ax0.set_yscale("log")
ax0.minorticks_off()
ax0.set_yticks([2, 3, 5, 10, 20, 40], ["2", "3", "5", "10", "20", "40"])
ax0.set(xlabel="step", ylabel="training loss $J$ (nats)", title=r"SGD, $\eta = 2$")
ax0.legend(fontsize=8)
ax1.semilogy(steps_axis, norm_plain, color="#d62728", linewidth=0.8, label="no clipping")
ax1.semilogy(steps_axis, norm_clip, color="#2ca02c", linewidth=0.8, label="clipped run")
ax1.axhline(0.5, color="0.4", linestyle="--", linewidth=0.8, label="threshold $c = 0.5$")
ax1.set(xlabel="step", ylabel=r"$\|g\|$ before clipping", title="gradient norm")
ax1.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# Both runs take the same first steps. Without clipping, the gradient norm
# jumps above 10 within a few dozen steps; with $\eta = 2$ that is a step of
# length more than 20 in weight space, which throws the weights far across the
# loss surface, to a region where the loss is large and stays large: the run
# ends worse than guessing uniformly, and never recovers. The clipped run caps
# the few steps whose gradient exceeds $c$ (a minority of all steps), never
# leaves the region where the gradient stays small, and learns: it ends below
# the loss of the unigram model, which predicts every character by its
# frequency.
#
# ## 4. Truncated BPTT: the state is carried, the graph is cut
#
# A sequence of $T = 40$ steps in chunks of $k = 10$. `truncated_bptt` runs
# every chunk from the last state of the chunk before, so the forward pass is
# exactly the full one, but the backward pass stops at each chunk's first step.
# In torch this is `h = h.detach()` between chunks; we check the two agree.

# %%
rng = np.random.default_rng(1)
p4 = init_rnn(d=3, h=8, q=4, rng=rng)
p4["W_hh"] *= 1.5    # spectral radius about 1.05: gradients fade slowly, and travel far
X4 = rng.normal(size=(2, 40, 3))
Y4 = rng.integers(0, 4, size=(2, 40))
k = 10

chunks, h_last = truncated_bptt(p4, X4, Y4, k)
J_full, grads_full, H_full = rnn_loss_and_grads(p4, X4, Y4)
assert np.allclose(h_last, H_full[:, -1], rtol=0, atol=1e-15)   # the same forward pass

rnn4 = RNN(3, 8, dtype=f64)
with torch.no_grad():
    for name in ("W_xh", "W_hh", "b_h"):
        getattr(rnn4, name).copy_(torch.from_numpy(p4[name]))
W_hy4, b_y4 = torch.from_numpy(p4["W_hy"]), torch.from_numpy(p4["b_y"])
h = None
worst = 0.0
for c, start in enumerate(range(0, 40, k)):
    rnn4.zero_grad()
    H_c, h = rnn4(torch.from_numpy(X4[:, start:start + k]), h)
    logits = H_c @ W_hy4.T + b_y4
    F.cross_entropy(logits.reshape(-1, 4), torch.from_numpy(Y4[:, start:start + k]).reshape(-1)).backward()
    h = h.detach()   # carry the value, drop the history
    worst = max(worst, np.abs(chunks[c][1]["W_hh"] - rnn4.W_hh.grad.numpy()).max())
print(f"4 chunks: largest |truncated_bptt - torch with detach()| in dJ/dW_hh {worst:.1e}")
assert worst < 1e-12

# %% [markdown]
# What does the cut remove? Take the loss of the last chunk alone, and ask how
# much each input $x_s$ of the whole sequence moves it, $\|\partial J / \partial
# x_s\|$. Without truncation every earlier input has some influence, fading with
# distance; with truncation the gradient is *exactly zero* before the window,
# and identical inside it.

# %%
def last_chunk_input_grads(cut):
    X_t = torch.tensor(X4, requires_grad=True)
    h = None
    for start in range(0, 40, k):
        H_c, h = rnn4(X_t[:, start:start + k], h)
        if cut:
            h = h.detach()
    logits = H_c @ W_hy4.T + b_y4
    J_last = F.cross_entropy(logits.reshape(-1, 4), torch.from_numpy(Y4[:, -k:]).reshape(-1))
    (dX,) = torch.autograd.grad(J_last, X_t)
    return torch.linalg.vector_norm(dX, dim=(0, 2)).numpy()   # (40,): one norm per step s


full_reach, cut_reach = last_chunk_input_grads(False), last_chunk_input_grads(True)
for s in (39, 30, 29, 20, 0):
    print(f"s = {s:>2}: full BPTT {full_reach[s]:.2e}   truncated (k = {k}) {cut_reach[s]:.2e}")
assert np.all(cut_reach[:30] == 0.0) and np.all(full_reach[:30] > 0)
assert np.allclose(cut_reach[30:], full_reach[30:], rtol=1e-12)
assert full_reach[29] > 1e-2 * full_reach[30:].max()   # the cut removes real signal
assert full_reach[0] < 1e-2 * full_reach[30:].max()    # which fades with distance

# %% tags=["figure:truncation"]
fig, ax = plt.subplots(figsize=(6.5, 3.2))
ax.axvspan(29.5, 39.5, color="#ff7f0e", alpha=0.15, label=f"last chunk ($k = {k}$)")
ax.semilogy(np.arange(40), full_reach, "o-", color="#1f77b4", markersize=3, label="full BPTT")
shown = cut_reach > 0
ax.semilogy(np.arange(40)[shown], cut_reach[shown], "s", color="#d62728", markersize=4,
            fillstyle="none", label="truncated: exactly 0 before the window")
for b in (10, 20, 30):
    ax.axvline(b - 0.5, color="0.5", linestyle=":", linewidth=0.8)
ax.set(xlabel="input step $s$", ylabel=r"$\|\partial J_{\mathrm{last}} / \partial x_s\|$",
       title="how far back the last chunk's gradient reaches")
ax.legend(fontsize=8, loc="upper left")
fig.tight_layout()
plt.show()

# %% [markdown]
# The truncated gradient is a *biased* estimate of the full one: it ignores the
# dependencies longer than $k$ steps. Summed over the chunks, it differs from the
# full sequence's gradient (both taken for the mean loss over all 40 steps):

# %%
summed = sum(g["W_hh"] for _, g in chunks) / len(chunks)
rel = np.linalg.norm(summed - grads_full["W_hh"]) / np.linalg.norm(grads_full["W_hh"])
print(f"||truncated - full|| / ||full|| for dJ/dW_hh: {rel:.3f}")
assert rel > 1e-3

# %% [markdown]
# ## 5. ReLU and the identity: a gradient that neither vanishes nor explodes
#
# Le, Jaitly and Hinton (2015) proposed the *IRNN*: ReLU units, $W_{hh} = I$ and
# $b_h = 0$ at the start. While the inputs keep the units active ($g' = 1$), each
# step back multiplies the gradient by $I$: its norm stays exactly 1, however
# long the sequence. Compare a tanh RNN with torch's default initialisation
# (uniform in $\pm 1/\sqrt{h}$), on 100 steps.

# %%
T_irnn, h_irnn = 100, 32
rng = np.random.default_rng(2)
U_pos = rng.uniform(0.0, 0.1, size=(T_irnn, h_irnn))      # inputs that keep the units active
W_default = rng.uniform(-h_irnn ** -0.5, h_irnn ** -0.5, size=(h_irnn, h_irnn))
U_mixed = rng.normal(scale=0.1, size=(T_irnn, h_irnn))
irnn = hidden_jacobian_norms(identity_init(h_irnn), T_irnn, "relu", U=U_pos)
tanh_default = hidden_jacobian_norms(W_default, T_irnn, "tanh", U=U_mixed)
print(f"||dh_T/dh_0||, T = {T_irnn}: IRNN {irnn[0]:.3g}, tanh with default init "
      f"{tanh_default[0]:.3g} (spectral radius {np.abs(np.linalg.eigvals(W_default)).max():.2f})")
assert np.allclose(irnn, 1.0, rtol=1e-12)
assert np.abs(np.linalg.eigvals(W_default)).max() < 1
assert tanh_default[0] < 1e-10

# %% [markdown]
# The identity only *starts* the network there: training moves $W_{hh}$ away
# from $I$, and a ReLU RNN can explode where tanh saturates, since ReLU's
# output is unbounded. IRNNs are usually trained with clipping, as in
# section 3. Chapter 9's gated cells build the "carry the state unchanged"
# path into the cell itself.

# %%
seconds = time.perf_counter() - lab_start
print(f"lab ran in {seconds:.1f} s")
