# %% [markdown]
# # Lab 9: gated cells, LSTM and GRU
#
# This lab runs every piece of chapter 9. The LSTM and GRU cells of
# `dlbook.nn.gated`, written from their gate equations, are checked against
# `torch.nn.LSTM` and `torch.nn.GRU`. We follow a gradient back through 100
# steps of a plain RNN and of an LSTM, whose cell state passes it on through
# the forget gates alone. On the adding problem, where the answer lies up to 50
# steps back, the LSTM and the GRU learn the task and the plain RNN does not.
# Last, the three cells train as character-level language models on Python's
# documentation for the same number of steps, and the LSTM writes text at three
# temperatures.

# %%
import math
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dlbook.data.sequences import adding_problem
from dlbook.data.text import Vocabulary, documentation_text, next_token_windows, random_windows
from dlbook.nn.gated import GRU, LSTM, gru_cell, gru_params_from_torch, lstm_cell
from dlbook.nn.rnn import RNN, RNNLanguageModel
from dlbook.nn.sampling import generate, perplexity, softmax_with_temperature
from dlbook.plotting import style

style()
torch.set_num_threads(1)  # small tensors: one thread is fastest, and the build runs labs side by side
f64 = torch.float64
COLORS = {"RNN": "#d62728", "GRU": "#2ca02c", "LSTM": "#1f77b4"}

# %% [markdown]
# ## 1. The cells, checked against torch
#
# `LSTM.from_torch` copies the weights of a one-layer `nn.LSTM` through the
# mapping of chapter 9 (torch stacks the gates' rows in the order i, f, g, o
# and keeps two biases whose sum is ours); `GRU.from_torch` does the same for
# `nn.GRU` (rows r, z, n). Both then run our cells, step by step, on the same
# sequences as torch, in float64.

# %%
torch.manual_seed(0)
X = torch.randn(3, 20, 5, dtype=f64)  # (batch, T, d)
for name, ours_cls, theirs_cls in [("LSTM", LSTM, nn.LSTM), ("GRU", GRU, nn.GRU)]:
    theirs = theirs_cls(5, 7, batch_first=True, dtype=f64)
    ours = ours_cls.from_torch(theirs)
    H_theirs, last_theirs = theirs(X)
    H_ours, last_ours = ours(X)
    if name == "LSTM":   # torch's states carry a leading layer axis: (1, batch, h)
        last_pairs = [(last_ours[0], last_theirs[0][0]), (last_ours[1], last_theirs[1][0])]
    else:
        last_pairs = [(last_ours, last_theirs[0])]
    deviation = max([(H_ours - H_theirs).abs().max().item()]
                    + [(a - b).abs().max().item() for a, b in last_pairs])
    n_params = sum(w.numel() for w in ours.parameters())
    print(f"{name}: largest |ours - torch| over 20 steps = {deviation:.1e}, {n_params} parameters")
    assert deviation < 1e-12

# %% [markdown]
# torch's GRU applies the reset gate *after* the recurrent weights,
# $r_t \odot (W_{hn} h_{t-1} + b_{hn})$; Cho et al.'s original applies it before,
# $W_{hn} (r_t \odot h_{t-1})$. The two are different functions of the same
# weights, as one step shows:

# %%
gru_torch = nn.GRU(5, 7, batch_first=True, dtype=f64)
p = gru_params_from_torch(gru_torch)
x_1, h_0 = X[:, 0], torch.randn(3, 7, dtype=f64)
r = torch.sigmoid(x_1 @ p["W_xr"].T + h_0 @ p["W_hr"].T + p["b_r"])
z = torch.sigmoid(x_1 @ p["W_xz"].T + h_0 @ p["W_hz"].T + p["b_z"])
n_cho = torch.tanh(x_1 @ p["W_xn"].T + p["b_xn"] + (r * h_0) @ p["W_hn"].T + p["b_hn"])
h_cho = (1 - z) * n_cho + z * h_0
h_torch = gru_torch(x_1[:, None], h_0[None])[1][0]
dev_ours = (gru_cell(x_1, h_0, p) - h_torch).abs().max().item()
dev_cho = (h_cho - h_torch).abs().max().item()
print(f"one step from a random h_0: ours vs torch {dev_ours:.1e}, Cho et al.'s vs torch {dev_cho:.1e}")
assert dev_ours < 1e-12 and dev_cho > 1e-3

# %% [markdown]
# ## 2. The gradient along the cell state
#
# Chapter 8 showed why a plain RNN forgets: the gradient $\partial h_T / \partial h_t$
# is a product of $T - t$ Jacobians $\mathrm{diag}(1 - h_k^2)\, W_{hh}$, which
# shrinks geometrically. In an LSTM the cell state is updated by
# $c_t = f_t \odot c_{t-1} + i_t \odot \tilde c_t$, so along $c$ alone each step
# multiplies the gradient by $\mathrm{diag}(f_t)$, and nothing else.
#
# We run 100 steps of random inputs through an RNN and through LSTMs of 32
# units, all at torch's initialisation, except that one LSTM gets a forget-gate
# bias $b_f = 3$, so that $f_t \approx \sigma(3) \approx 0.95$. To get the whole
# Jacobian $\partial c_T / \partial c_t$ with one backward pass, the batch holds
# 32 copies of the same sequence and row $b$ backpropagates only unit $b$ of
# $c_T$: row $b$ of each $c_t$'s gradient is then row $b$ of the Jacobian. We
# plot its largest singular value, the most any direction can be amplified.

# %%
d, h, T = 8, 32, 100
X_flow = torch.randn(1, T, d, generator=torch.Generator().manual_seed(0), dtype=f64).expand(h, T, d)


def jacobian_norms(states):
    """|| d s_T / d s_t ||_2 for every t, from states s_t: (h, h) whose row b depends
    on copy b only; backpropagates unit b of s_T from row b."""
    states[-1].diagonal().sum().backward()
    return np.array([torch.linalg.matrix_norm(s.grad, 2).item() for s in states])


def rnn_flow():
    torch.manual_seed(0)
    rnn = RNN(d, h, dtype=f64)
    h_t, states = X_flow.new_zeros(h, h), []
    for t in range(T):
        h_t = torch.tanh(h_t @ rnn.W_hh.T + X_flow[:, t] @ rnn.W_xh.T + rnn.b_h)
        h_t.retain_grad()
        states.append(h_t)
    return jacobian_norms(states)


def lstm_flow(b_f, cell_path_only=False):
    """|| d c_T / d c_t || and the forget gates f_t: (T, h) of one run. With
    cell_path_only, h_{t-1} enters the gates detached: only the path along c remains."""
    torch.manual_seed(0)
    lstm = LSTM(d, h, dtype=f64)
    with torch.no_grad():
        lstm.b_f.fill_(b_f)
    p = dict(lstm.named_parameters())
    (h_t, c_t), states, forget = (X_flow.new_zeros(h, h), X_flow.new_zeros(h, h)), [], []
    for t in range(T):
        h_in = h_t.detach() if cell_path_only else h_t
        x_t = X_flow[:, t]
        forget.append(torch.sigmoid(x_t @ p["W_xf"].T + h_in @ p["W_hf"].T + p["b_f"]).detach()[0])
        h_t, c_t = lstm_cell(x_t, (h_in, c_t), p)
        c_t.retain_grad()
        states.append(c_t)
    norms = jacobian_norms(states)
    grads = [s.grad for s in states]
    return norms, torch.stack(forget), grads


rnn_norms = rnn_flow()
lstm0_norms, f0, _ = lstm_flow(0.0)
lstm3_norms, f3, _ = lstm_flow(3.0)
_, f3_cell, cell_grads = lstm_flow(3.0, cell_path_only=True)
# along c alone, d c_T / d c_t = diag(f_{t+1} * ... * f_T), exactly
products = [torch.prod(f3_cell[t + 1:], dim=0) for t in range(T)]
deviation = max((g - torch.diag(prod)).abs().max().item() for g, prod in zip(cell_grads, products))
direct = np.array([prod.max().item() for prod in products])
print(f"mean forget gate: b_f = 0: {f0.mean():.3f}, b_f = 3: {f3.mean():.3f}")
print(f"cell-state path alone vs the product of the forget gates: {deviation:.1e}")
for k in (10, 50, 99):
    print(f"{k:>2} steps back: RNN {rnn_norms[T - 1 - k]:.1e}, LSTM b_f = 0 {lstm0_norms[T - 1 - k]:.1e}, "
          f"LSTM b_f = 3 {lstm3_norms[T - 1 - k]:.2f} (cell path alone {direct[T - 1 - k]:.3f})")
assert deviation < 1e-12
assert rnn_norms[0] < 1e-15 and lstm0_norms[0] < 1e-15   # vanished, 99 steps back
assert np.all((0.1 < lstm3_norms) & (lstm3_norms < 100))  # neither vanished nor exploded, at any distance
assert direct[0] > 1e-2                                    # 0.95^99 ~ 0.6%, the best unit more

# %% tags=["figure:gradient-flow"]
back = np.arange(T)[::-1]  # how many steps back t lies from T
fig, ax = plt.subplots(figsize=(6.8, 3.6))
ax.semilogy(back, rnn_norms, color=COLORS["RNN"], label=r"RNN: $\|\partial h_T / \partial h_t\|$")
ax.semilogy(back, lstm0_norms, color="#9467bd",
            label=r"LSTM, $b_f = 0$ ($f \approx 0.5$): $\|\partial c_T / \partial c_t\|$")
ax.semilogy(back, lstm3_norms, color=COLORS["LSTM"],
            label=r"LSTM, $b_f = 3$ ($f \approx 0.95$): $\|\partial c_T / \partial c_t\|$")
ax.semilogy(back, direct, "--", color=COLORS["LSTM"],
            label=r"LSTM, $b_f = 3$, along $c$ alone: $\max_j \prod_k f_{k,j}$")
ax.set_xlabel("steps back, $T - t$")
ax.set_ylabel("Jacobian norm")
ax.set_ylim(1e-30, 1e3)
ax.legend(fontsize=8, loc="lower left")
fig.tight_layout()
plt.show()

# %% [markdown]
# The RNN's gradient has vanished to nothing 99 steps back, and so has the
# LSTM's with forget gates near $\frac12$: the cell state is only as good a
# memory as its forget gates are close to 1. With $f_t \approx 0.95$ the path
# along $c$ alone keeps a gradient of about $0.95^{T - t}$ (the dashed line: the
# product of the forget gates, exactly, as the check above shows); the paths
# through $h_t$ and the gates add other terms to it. Training moves $b_f$, so the network
# itself decides what to keep; a starting bias of 1 or more is a common choice.
#
# ## 3. A long-range task: the adding problem
#
# Each sequence holds $T = 50$ numbers and two markers; the target is the sum of
# the two marked numbers, the first of which lies in the first half, up to 49
# steps before the end. Predicting the mean, 1, scores a mean squared error of
# $\frac16$. We read the prediction off the last hidden state through a linear
# layer, and center the numbers at 0 (subtract $\frac12$), a standard step for
# any input. The three cells get 32 hidden units each and the same 500 steps
# of Adam on fresh batches of 64; a fixed test set of 1,000 sequences measures
# them every 25 steps.

# %%
T_add, hidden_add, steps_add = 50, 32, 500


def centered(X):
    X = torch.from_numpy(X).float()
    return torch.cat([X[..., :1] - 0.5, X[..., 1:]], dim=-1)


class LastStateRegressor(nn.Module):
    """A recurrent layer and one linear output read off the last hidden state:
    X (batch, T, 2) -> (batch,)."""

    def __init__(self, cell, hidden_size):
        super().__init__()
        self.rnn = {"RNN": nn.RNN, "GRU": nn.GRU, "LSTM": nn.LSTM}[cell](2, hidden_size, batch_first=True)
        self.out = nn.Linear(hidden_size, 1)

    def forward(self, X):
        H, _ = self.rnn(X)
        return self.out(H[:, -1]).squeeze(-1)


X_test, y_test = adding_problem(1000, T_add, seed=10_000)
X_test, y_test = centered(X_test), torch.from_numpy(y_test).float()
baseline = ((y_test - 1.0) ** 2).mean().item()
adding = {}
for cell in ("RNN", "GRU", "LSTM"):
    torch.manual_seed(0)
    model = LastStateRegressor(cell, hidden_add)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    curve = {}
    start = time.process_time()
    for step in range(1, steps_add + 1):
        X_batch, y_batch = adding_problem(64, T_add, seed=step)
        loss = F.mse_loss(model(centered(X_batch)), torch.from_numpy(y_batch).float())
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step % 25 == 0:
            with torch.no_grad():
                curve[step] = F.mse_loss(model(X_test), y_test).item()
    adding[cell] = curve
    print(f"{cell:<5} test MSE after {steps_add} steps: {curve[steps_add]:.4f} "
          f"({curve[steps_add] / baseline:.1%} of the baseline {baseline:.3f}), "
          f"{time.process_time() - start:.1f} CPU-s")
assert adding["LSTM"][steps_add] < 0.1 * baseline and adding["GRU"][steps_add] < 0.1 * baseline
assert adding["RNN"][steps_add] > 0.75 * baseline       # the RNN stays near "always say 1"

# %% tags=["figure:adding-problem"]
fig, ax = plt.subplots(figsize=(6.8, 3.4))
for cell, curve in adding.items():
    ax.semilogy(list(curve), list(curve.values()), "o-", markersize=2.5, color=COLORS[cell], label=cell)
ax.axhline(baseline, linestyle="--", color="0.4", linewidth=1)
ax.text(steps_add, 0.85 * baseline, "predict 1: MSE 1/6", va="top", ha="right", fontsize=9, color="0.3")
ax.set_xlabel("training step (batches of 64 sequences, T = 50)")
ax.set_ylabel("test mean squared error")
ax.legend(loc="lower left")
fig.tight_layout()
plt.show()

# %% [markdown]
# The LSTM and the GRU first sit on the baseline like the RNN: until a cell has
# learned to store a marked number, the best it can do is predict the mean.
# Then the gates learn to open on the markers and to hold what they stored, and
# the error falls far below the baseline. The RNN's gradient from the output to
# the first marked number (section 2) is too small to teach it that, and it
# stays on the baseline. How long each gated cell sits on the plateau varies
# with the seed; this lab runs one.
#
# ## 4. Three language models at equal steps
#
# Lab 7 trained an RNN language model on Python's documentation, cleaned to 27
# symbols. Here the RNN, the GRU and the LSTM each get an embedding of 32, 128
# hidden units, and the same 300 steps of Adam on 32 windows of 64 characters,
# from the same seed; we measure the validation perplexity on the held-out last
# 10% of the text every 50 steps. The bigram model of Lab 7 (the next character
# from the last one, by counting pairs) is the bar to clear.

# %%
text = documentation_text()
vocab = Vocabulary.from_text(text)
ids = vocab.encode(text)
cut = int(0.9 * len(ids))
train_ids, val_ids = ids[:cut], ids[cut:]
V = vocab.size
pairs = np.ones((V, V))   # add-one counts: no unseen pair costs an infinite loss
np.add.at(pairs, (train_ids[:-1], train_ids[1:]), 1)
bigram_p = pairs / pairs.sum(axis=1, keepdims=True)
bigram = perplexity(-np.mean(np.log(bigram_p[val_ids[:-1], val_ids[1:]])))
val_inputs, val_targets = (torch.from_numpy(a) for a in next_token_windows(val_ids, 64))


def validation_perplexity(model):
    with torch.no_grad():
        logits, _ = model(val_inputs)
    return perplexity(F.cross_entropy(logits.reshape(-1, V), val_targets.reshape(-1)).item())


steps_lm = 300
models, results = {}, {}
for cell in ("RNN", "GRU", "LSTM"):
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    model = RNNLanguageModel(V, hidden_size=128, embed_size=32, cell=cell.lower())
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    curve, seconds = {0: validation_perplexity(model)}, 0.0
    for step in range(1, steps_lm + 1):
        start = time.process_time()
        x, y = random_windows(train_ids, 64, 32, rng)
        logits, _ = model(torch.from_numpy(x))
        loss = F.cross_entropy(logits.reshape(-1, V), torch.from_numpy(y).reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        seconds += time.process_time() - start   # training only, not the validation
        if step % 50 == 0:
            curve[step] = validation_perplexity(model)
    models[cell] = model
    results[cell] = {"parameters": sum(w.numel() for w in model.parameters()),
                     "perplexity": curve[steps_lm], "seconds": seconds, "curve": curve}

print(f"validation perplexity after {steps_lm} steps of 32 x 64 characters (uniform: {V}, "
      f"bigram: {bigram:.2f})\n")
print(f"{'model':<6}{'parameters':>11}{'perplexity':>12}{'CPU-s':>8}")
for cell, r in results.items():
    print(f"{cell:<6}{r['parameters']:>11,}{r['perplexity']:>12.2f}{r['seconds']:>8.1f}")
ppl = {cell: r["perplexity"] for cell, r in results.items()}
# the parameter counts of chapter 9: embedding, recurrent layer (torch keeps two biases), output
d_e, h_lm = 32, 128
for cell, gates in [("RNN", 1), ("GRU", 3), ("LSTM", 4)]:
    assert results[cell]["parameters"] == V * d_e + gates * (h_lm * (d_e + h_lm) + 2 * h_lm) + (h_lm + 1) * V
assert max(ppl.values()) < 0.6 * bigram                       # all far below the bigram
assert ppl["GRU"] < ppl["RNN"] - 0.15 and ppl["LSTM"] < ppl["RNN"] - 0.15
for cell, quoted in [("RNN", 4.2), ("GRU", 3.9), ("LSTM", 3.85)]:   # the values chapter 9 quotes
    assert abs(ppl[cell] - quoted) < 0.15, (cell, ppl[cell])

# %% tags=["figure:perplexity"]
fig, ax = plt.subplots(figsize=(6.8, 3.6))
for cell, r in results.items():
    curve = r["curve"]
    ax.plot(list(curve), list(curve.values()), "o-", markersize=3, color=COLORS[cell],
            label=f"{cell}: {r['perplexity']:.2f} ({r['parameters']:,} parameters)")
ax.axhline(bigram, linestyle="--", color="0.4", linewidth=1)
ax.text(steps_lm, bigram, f"bigram {bigram:.1f}", va="bottom", ha="right", fontsize=9, color="0.3")
ax.set_yscale("log")
ax.minorticks_off()
ax.set_yticks([3.5, 4, 5, 7, 10, 15, 27], ["3.5", "4", "5", "7", "10", "15", "27"])
ax.set_xlabel("training step (32 windows of 64 characters)")
ax.set_ylabel("validation perplexity")
ax.legend(title=f"after {steps_lm} steps", fontsize=9)
fig.tight_layout()
plt.show()

# %% [markdown]
# At equal steps and equal hidden size, both gated cells end well below the
# RNN. They also have three and four times its recurrent parameters, and each
# step costs more (the table's CPU-seconds, measured on the machine that built
# this page): the comparison is per step, not per parameter or per second.
#
# ## 5. Sampling at three temperatures
#
# Sampling draws each next character from $\mathrm{softmax}(y_t / \tau)$ and
# feeds it back in. First the effect of $\tau$ on one distribution: the LSTM's
# prediction after the prompt "the return ".

# %%
lstm_lm = models["LSTM"]
temperatures = (0.5, 1.0, 1.5)
with torch.no_grad():
    logits, _ = lstm_lm(torch.from_numpy(vocab.encode("the return "))[None])
z = logits[0, -1].double().numpy()


def entropy(P):
    return float(-(P * np.log(P)).sum(axis=-1).mean())


dists = {tau: softmax_with_temperature(z, tau) for tau in temperatures}
for tau, P in dists.items():
    print(f"tau = {tau}: largest probability {P.max():.2f}, entropy {entropy(P):.2f} nats")
assert dists[0.5].max() > dists[1.0].max() > dists[1.5].max()
assert entropy(dists[0.5]) < entropy(dists[1.0]) < entropy(dists[1.5])

# %% tags=["figure:temperature"]
order = np.argsort(dists[1.0])[::-1][:12]
labels = ["␣" if vocab.tokens[i] == " " else vocab.tokens[i] for i in order]
fig, ax = plt.subplots(figsize=(6.8, 3.2))
width = 0.27
for k, (tau, color) in enumerate(zip(temperatures, ("#1f77b4", "#7f7f7f", "#ff7f0e"))):
    ax.bar(np.arange(12) + (k - 1) * width, dists[tau][order], width, color=color,
           label=rf"$\tau$ = {tau}")
ax.set_xticks(range(12), labels)
ax.set_xlabel('next character after "the return " (the 12 most likely at $\\tau$ = 1)')
ax.set_ylabel("probability")
ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# Then whole samples: 1,500 characters at each temperature, from the prompt
# "the ", with the same random numbers. We measure the fraction of sampled
# words that occur in the training text (leaving out the first and last,
# which may be cut off) and the entropy of the sampled characters' frequencies.

# %%
known_words = set(vocab.decode(train_ids).split())
samples, real_words, char_entropy = {}, {}, {}
for tau in temperatures:
    out = generate(lstm_lm, vocab.encode("the "), 1500, tau, np.random.default_rng(0))
    samples[tau] = vocab.decode(out)
    real_words[tau] = np.mean([w in known_words for w in samples[tau].split()[1:-1]])
    char_entropy[tau] = entropy(np.bincount(out, minlength=V)[None] / len(out) + 1e-300)
    print(f"tau = {tau}: {real_words[tau]:.0%} real words, character entropy {char_entropy[tau]:.2f} nats\n"
          f"  {samples[tau][:240]!r}\n")
assert real_words[0.5] > real_words[1.0] > real_words[1.5]
assert real_words[0.5] > 0.8
assert char_entropy[0.5] < char_entropy[1.0] < char_entropy[1.5]

# %% [markdown]
# At $\tau = 0.5$ nearly every word is a real one, and the text keeps to common
# words; at $\tau = 1$ the samples follow the
# model's own probabilities, with many real words and some invented ones; at
# $\tau = 1.5$ the rare characters get their share, the character frequencies
# flatten (higher entropy), and most words are no longer words.
