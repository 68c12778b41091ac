# %% [markdown]
# # Lab 10: attention and transformers
#
# This lab runs every piece of chapter 10. First the limits of recurrence,
# measured: an RNN's computation is a chain as long as the sequence, and its
# time per sequence grows with the length; an attention layer's chain does not,
# and its time grows far more slowly. Scaled
# dot-product attention and multi-head attention from `dlbook.nn.attention` are
# checked against torch's; the softmax saturates when the scores are not divided
# by $\sqrt{d_k}$, and we measure it. Then three models learn to reverse
# sequences of 16 symbols: an RNN encoder–decoder, which must squeeze the whole
# input through one state vector and forgets its beginning; one transformer layer
# with a positional encoding, which gets (nearly) every sequence right; and the same layer
# without one, which cannot tell positions apart and guesses. A language model
# without the causal mask "predicts" the future perfectly in training and fails
# as soon as it has to generate; the causal mask fixes it. Last, a tiny
# transformer language model learns Python's documentation beside chapter 9's
# LSTM.

# %%
import math
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dlbook.data.reverse import reverse_task
from dlbook.data.text import Vocabulary, documentation_text, next_token_windows, random_windows
from dlbook.nn.attention import (MultiHeadAttention, attention_entropy, causal_mask, from_torch,
                                 padding_mask, scaled_dot_product_attention)
from dlbook.nn.rnn import RNN, RNNLanguageModel
from dlbook.nn.sampling import generate as generate_rnn
from dlbook.nn.sampling import perplexity
from dlbook.nn.transformer import TinyTransformerLM, generate, positional_encoding, sequence_loss
from dlbook.plotting import style

style()
torch.set_num_threads(1)  # tiny tensors: one thread is fastest, and the timings compare like with like
f64 = torch.float64
RED, BLUE, GREY = "#d62728", "#1f77b4", "0.4"

# %% [markdown]
# ## 1. The limits of recurrence, measured
#
# An RNN computes $h_t$ from $h_{t-1}$: step $t$ cannot start before step
# $t - 1$ has finished, so a sequence of $T$ tokens is a chain of $T$ dependent
# steps, however many processors the machine has. Self-attention computes every
# position from every other one in a fixed number of matrix products, whatever
# $T$. We count it first, independently of any machine: the **depth** of the
# autograd graph, the longest chain of operations from the input to the loss
# (each must wait for the one before). Our RNN of chapter 7, written as a Python
# loop, shows its steps in the graph; torch's fused `nn.GRU` runs the same loop
# inside one node.

# %%
def graph_depth(loss: torch.Tensor) -> int:
    """Longest chain of autograd nodes from `loss` back to a leaf: operations
    that must run one after another."""
    depth: dict = {}
    stack = [(loss.grad_fn, False)]
    while stack:  # an iterative depth-first search: the RNN's graph is deeper than Python's recursion limit
        node, children_done = stack.pop()
        if children_done:
            depth[node] = 1 + max((depth[n] for n, _ in node.next_functions if n is not None), default=0)
        elif node not in depth:
            stack.append((node, True))
            stack.extend((n, False) for n, _ in node.next_functions if n is not None and n not in depth)
    return depth[loss.grad_fn]


lengths_T = (16, 64, 256)
d_model = 32
depth = {"RNN": {}, "attention": {}}
for T_seq in lengths_T:
    torch.manual_seed(0)
    X_seq = torch.randn(1, T_seq, d_model)
    H_seq, _ = RNN(d_model, d_model)(X_seq)
    depth["RNN"][T_seq] = graph_depth(H_seq.sum())
    layer = TinyTransformerLM(10, d=d_model, heads=1, layers=1, max_len=T_seq, causal=False)
    depth["attention"][T_seq] = graph_depth(layer(torch.randint(0, 10, (1, T_seq))).sum())
    print(f"T = {T_seq:>3}: sequential operations, RNN {depth['RNN'][T_seq]:>5}, "
          f"attention layer {depth['attention'][T_seq]:>3}")
assert all(depth["RNN"][T_seq] > T_seq for T_seq in lengths_T)     # at least one operation per step
assert depth["RNN"][256] > 10 * depth["RNN"][16]                     # and it grows with T
assert len(set(depth["attention"].values())) == 1                    # the same depth at every length
assert depth["attention"][16] < 100                                  # a few dozen operations

# %% [markdown]
# Now the clock: the time of one training step (forward, backward, Adam) on one
# sequence, for a one-layer GRU tagger (embedding, `nn.GRU`, linear read-out) and
# a one-layer, one-head attention model of the same width, on one CPU thread.
# Each time is the fastest of 7 repetitions, in CPU time, so that other programs
# on the machine disturb it little. The GRU's time grows in proportion to $T$, less
# a fixed overhead: 16 times the length, many times the time.
# Attention does *more* arithmetic ($T^2$ scores), but in a few large products
# that the processor's vector units run in parallel, so at these lengths its time
# grows far more slowly.

# %%
class GRUTagger(nn.Module):
    """ids (batch, T) -> logits (batch, T, vocab): embedding, one GRU layer, a linear read-out."""

    def __init__(self, vocab: int, d: int):
        super().__init__()
        self.embedding = nn.Embedding(vocab, d)
        self.gru = nn.GRU(d, d, batch_first=True)
        self.head = nn.Linear(d, vocab)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        H, _ = self.gru(self.embedding(ids))
        return self.head(H)


def step_seconds(model: nn.Module, ids: torch.Tensor, repeats: int = 7) -> float:
    """The fastest of `repeats` training steps on ids, in CPU-seconds."""
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    times = []
    for _ in range(repeats + 1):  # the first step warms up (allocations, Adam's state), and is dropped
        start = time.process_time()
        loss = sequence_loss(model(ids), ids)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        times.append(time.process_time() - start)
    return min(times[1:])


step_time = {"GRU": {}, "attention": {}}
for T_seq in lengths_T:
    torch.manual_seed(0)
    one_sequence = torch.randint(0, 10, (1, T_seq))
    step_time["GRU"][T_seq] = step_seconds(GRUTagger(10, d_model), one_sequence)
    step_time["attention"][T_seq] = step_seconds(
        TinyTransformerLM(10, d=d_model, heads=1, layers=1, max_len=T_seq, causal=False), one_sequence)
    print(f"T = {T_seq:>3}: ms per training step, GRU {1e3 * step_time['GRU'][T_seq]:6.2f}, "
          f"attention {1e3 * step_time['attention'][T_seq]:6.2f}")
growth = {name: times[256] / times[16] for name, times in step_time.items()}
print(f"from T = 16 to 256: GRU x{growth['GRU']:.1f}, attention x{growth['attention']:.1f}")
assert growth["GRU"] > 4                          # in proportion to T, less a fixed overhead
assert growth["GRU"] > 2 * growth["attention"]    # attention's time grows far more slowly

# %% tags=["figure:recurrence-time"]
fig, axes = plt.subplots(1, 2, figsize=(8, 3.2))
for name, color, marker in [("RNN", RED, "s"), ("attention", BLUE, "o")]:
    axes[0].plot(lengths_T, list(depth[name].values()), marker + "-", color=color,
                 label="RNN (chapter 7)" if name == "RNN" else "one attention layer")
for name, color, marker in [("GRU", RED, "s"), ("attention", BLUE, "o")]:
    axes[1].plot(lengths_T, [1e3 * s for s in step_time[name].values()], marker + "-", color=color,
                 label="GRU" if name == "GRU" else "one attention layer")
axes[0].set_ylabel("sequential operations (graph depth)")
axes[1].set_ylabel("ms per training step (1 sequence)")
for ax in axes:
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(lengths_T, [str(t) for t in lengths_T])
    ax.minorticks_off()
    ax.set_xlabel("sequence length $T$")
    ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 2. Scaled dot-product attention, checked against torch
#
# $\mathrm{Attention}(Q, K, V) = \mathrm{softmax}(Q K^\top / \sqrt{d_k}) V$: each
# query scores every key, the softmax turns a row of scores into weights, and the
# output is the weighted mean of the values. A mask removes keys: our boolean
# masks are True where a query *may attend*, as in torch's
# `scaled_dot_product_attention`. We compare with torch in float64, without a mask,
# with the causal mask, and with a padding mask for sequences of lengths 6, 3 and 1.

# %%
g = torch.Generator().manual_seed(0)
batch, heads, T, d_k = 3, 2, 6, 8
Q, K, V = (torch.randn(batch, heads, T, d_k, generator=g, dtype=f64) for _ in range(3))
lengths = torch.tensor([6, 3, 1])
masks = {"no mask": None, "causal": causal_mask(T),
         "padding": padding_mask(lengths, T)[:, None]}  # (batch, 1, 1, T): every head, every query
for name, M in masks.items():
    ours, A = scaled_dot_product_attention(Q, K, V, M)
    theirs = F.scaled_dot_product_attention(Q, K, V, attn_mask=M)
    deviation = (ours - theirs).abs().max().item()
    print(f"{name:<8} largest |ours - torch| = {deviation:.1e}")
    assert deviation < 1e-12
    assert torch.allclose(A.sum(-1), torch.ones(()).to(f64))  # every row a distribution
    if M is not None:
        assert torch.all(A[~M.expand_as(A)] == 0)  # a masked key gets exactly nothing

# %% [markdown]
# Multi-head attention projects $X$ to queries, keys and values, cuts each into
# `heads` slices of width $d_k = d / h$, lets each head attend on its own, and
# concatenates and mixes the heads with $W_o$. `torch.nn.MultiheadAttention` does
# the same with its three projections stacked into one `in_proj_weight`;
# `from_torch` copies them into ours. Its `key_padding_mask` says True for
# *ignore*, the opposite of ours, hence the `~`.

# %%
d = 16
torch.manual_seed(0)
for h in (1, 2, 4, 8):
    mha = torch.nn.MultiheadAttention(d, h, batch_first=True, dtype=f64).eval()
    ours = from_torch(mha)
    X = torch.randn(batch, T, d, generator=g, dtype=f64)
    theirs, _ = mha(X, X, X, key_padding_mask=~padding_mask(lengths, T)[:, 0])
    out, _ = ours(X, mask=padding_mask(lengths, T))
    deviation = (out - theirs).abs().max().item()
    print(f"heads = {h}: largest |ours - torch| = {deviation:.1e}")
    assert isinstance(ours, MultiHeadAttention) and deviation < 1e-12

# %% [markdown]
# ## 3. Why divide by $\sqrt{d_k}$: softmax saturation
#
# With query and key entries of unit variance, a score $q \cdot k$ is a sum of
# $d_k$ products and has variance $d_k$. Unscaled, the scores of a row spread
# further apart as $d_k$ grows, and the softmax puts almost all the weight on one
# key: its entropy falls towards 0 (uniform attention over $T = 16$ keys has
# $\log 16 \approx 2.77$ nats). Divided by $\sqrt{d_k}$ the scores keep unit
# variance and the entropy does not depend on $d_k$.

# %%
d_ks = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
H_scaled = [attention_entropy(d_k, T=16, scaled=True) for d_k in d_ks]
H_unscaled = [attention_entropy(d_k, T=16, scaled=False) for d_k in d_ks]
print(f"{'d_k':>5}{'scaled':>9}{'unscaled':>10}   (mean entropy of a row, nats)")
for d_k, a, b in zip(d_ks, H_scaled, H_unscaled):
    print(f"{d_k:>5}{a:>9.3f}{b:>10.3f}")
assert all(a > b for a, b in zip(H_unscaled, H_unscaled[1:]))   # falls at every step
assert H_unscaled[-1] < 0.1 * H_unscaled[0]                      # and nearly collapses
assert max(H_scaled) - min(H_scaled) < 0.1 * max(H_scaled)      # flat within 10%

# %% [markdown]
# A saturated softmax also stops learning. Its Jacobian is
# $\mathrm{diag}(a) - a a^\top$, which vanishes as $a$ approaches a one-hot row,
# so the gradient that reaches the scores (and through them $W_q$ and $W_k$)
# shrinks with it. We measure the gradient of a random linear function of the
# weights with respect to the scores.

# %%
def score_gradient(d_k: int, scaled: bool, n: int = 256, T: int = 16) -> float:
    """Mean norm of d(A . c)/dS for random q, K (unit variance) and a random c."""
    gen = torch.Generator().manual_seed(1)
    q = torch.randn(n, 1, d_k, generator=gen, dtype=f64)
    K = torch.randn(n, T, d_k, generator=gen, dtype=f64)
    c = torch.randn(n, 1, T, generator=gen, dtype=f64)
    S = (q @ K.transpose(-2, -1) / (math.sqrt(d_k) if scaled else 1.0)).requires_grad_()
    (torch.softmax(S, -1) * c).sum().backward()
    return float(S.grad.norm(dim=-1).mean())


G_scaled = [score_gradient(d_k, True) for d_k in d_ks]
G_unscaled = [score_gradient(d_k, False) for d_k in d_ks]
print(f"gradient at the scores, d_k = 512: scaled {G_scaled[-1]:.3f}, unscaled {G_unscaled[-1]:.3f}")
assert G_unscaled[-1] < 0.25 * G_scaled[-1]

# %% tags=["figure:softmax-saturation"]
fig, axes = plt.subplots(1, 2, figsize=(8, 3.2))
for ax, (scaled, unscaled), label in zip(axes, [(H_scaled, H_unscaled), (G_scaled, G_unscaled)],
                                         ["mean entropy of a row (nats)", "mean |dJ/dS| of a row"]):
    ax.semilogx(d_ks, scaled, "o-", base=2, label=r"$QK^\top/\sqrt{d_k}$")
    ax.semilogx(d_ks, unscaled, "s-", base=2, color=RED, label=r"$QK^\top$ (unscaled)")
    ax.set_xlabel("$d_k$")
    ax.set_ylabel(label)
axes[0].axhline(math.log(16), color="0.5", linestyle=":", label="uniform, log 16")
axes[0].legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 4. Positional encoding
#
# Attention treats its input as a set: permute the positions and the outputs are
# permuted the same way. Order enters through the positional encoding added to
# the token embeddings, $PE_{pos, 2i} = \sin(pos / 10000^{2i/d})$ and
# $PE_{pos, 2i+1} = \cos(pos / 10000^{2i/d})$. Each pair of columns turns at its
# own speed; the dot product $PE_i \cdot PE_j$ depends only on the distance $i - j$.

# %%
PE = positional_encoding(64, 32, dtype=f64)
similarity = PE @ PE.T
for k in (1, 5, 20):  # the same distance, anywhere in the sequence: the same similarity
    diagonal = similarity.diagonal(k)
    assert torch.allclose(diagonal, diagonal[0].expand_as(diagonal), atol=1e-10)
assert torch.allclose(similarity.diagonal(), torch.full((64,), 16.0, dtype=f64))  # |PE_i|^2 = d/2

# %% [markdown]
# Why attention needs it: without a positional encoding, a stack of self-attention
# blocks is *permutation-equivariant*. Shuffle the input tokens and the outputs come
# out shuffled the same way, nothing else changes; with the encoding they do not.

# %%
torch.manual_seed(0)
tokens = torch.randint(0, 10, (1, 16))
shuffle = torch.randperm(16)
for positional in (False, True):
    model = TinyTransformerLM(10, d=16, heads=2, layers=2, max_len=16, causal=False,
                              positional=positional).double()
    with torch.no_grad():
        equivariant = torch.allclose(model(tokens[:, shuffle]), model(tokens)[:, shuffle], atol=1e-12)
    print(f"positional encoding {positional!s:<5}: outputs of shuffled tokens = shuffled outputs? {equivariant}")
    assert equivariant == (not positional)

# %% tags=["figure:positional-encoding"]
fig, axes = plt.subplots(1, 2, figsize=(8, 3.4))
im = axes[0].imshow(PE.T, aspect="auto", cmap="RdBu_r", vmin=-1, vmax=1)
axes[0].set_xlabel("position")
axes[0].set_ylabel("dimension")
axes[0].set_title("PE (64 positions, d = 32)", fontsize=9)
fig.colorbar(im, ax=axes[0])
im = axes[1].imshow(similarity, cmap="viridis")
axes[1].set_xlabel("position j")
axes[1].set_ylabel("position i")
axes[1].set_title(r"$PE_i \cdot PE_j$: a function of $i - j$", fontsize=9)
fig.colorbar(im, ax=axes[1])
for ax in axes:
    ax.grid(False)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 5. Reversing sequences: the bottleneck, and attention
#
# The task: read 16 symbols from an alphabet of 10 and output them backwards.
# Output position $t$ must copy input position $15 - t$, so the model must look
# a token up *by where it is*. Every model gets the same 200 steps of 64
# sequences with Adam.
#
# First the recurrent way, the encoder–decoder of machine translation before
# attention: an encoder GRU reads the input, and its last state $h_{16}$ is all
# the decoder GRU receives. The decoder starts from $h_{16}$ and writes the
# output one symbol at a time, reading the previous *correct* symbol in training
# (teacher forcing) and its own previous guess at test time. Whatever the
# decoder needs must pass through those 32 numbers.

# %%
X_train, Y_train = map(torch.from_numpy, reverse_task(200 * 64, length=16, alphabet=10, seed=0))
X_test, Y_test = map(torch.from_numpy, reverse_task(1000, length=16, alphabet=10, seed=1))


class EncoderDecoder(nn.Module):
    """Two GRUs of width d; the encoder's last state is the decoder's first.
    Token `vocab` is the start symbol the decoder reads first."""

    def __init__(self, vocab: int, d: int):
        super().__init__()
        self.start = vocab
        self.embedding = nn.Embedding(vocab + 1, d)
        self.encoder = nn.GRU(d, d, batch_first=True)
        self.decoder = nn.GRU(d, d, batch_first=True)
        self.head = nn.Linear(d, vocab)

    def forward(self, X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
        """Teacher forcing: logits (batch, T, vocab) for Y, the decoder reading start, Y[:, :-1]."""
        _, h = self.encoder(self.embedding(X))  # h: (1, batch, d), the bottleneck
        previous = torch.cat([torch.full_like(Y[:, :1], self.start), Y[:, :-1]], dim=1)
        H, _ = self.decoder(self.embedding(previous), h)
        return self.head(H)

    @torch.no_grad()
    def translate(self, X: torch.Tensor) -> torch.Tensor:
        """Greedy decoding, each guess fed back in: (batch, T) -> (batch, T)."""
        _, h = self.encoder(self.embedding(X))
        token, out = torch.full_like(X[:, :1], self.start), []
        for _ in range(X.shape[1]):
            H, h = self.decoder(self.embedding(token), h)
            token = self.head(H).argmax(-1)
            out.append(token)
        return torch.cat(out, dim=1)


torch.manual_seed(0)
seq2seq = EncoderDecoder(10, d=32)
optimizer = torch.optim.Adam(seq2seq.parameters(), lr=3e-3)
start = time.process_time()
for X_B, Y_B in zip(X_train.split(64), Y_train.split(64)):
    loss = sequence_loss(seq2seq(X_B, Y_B), Y_B)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
seq2seq_seconds = time.process_time() - start
right_rnn = seq2seq.translate(X_test) == Y_test
by_position_rnn = right_rnn.double().mean(0)  # (16,): accuracy of output position t
seq2seq_parameters = sum(w.numel() for w in seq2seq.parameters())
print(f"encoder-decoder ({seq2seq_parameters:,} parameters): tokens right {right_rnn.double().mean():.1%}, "
      f"whole sequences right {right_rnn.all(1).double().mean():.1%}, {seq2seq_seconds:.1f} CPU-s")
print("accuracy by output position:", " ".join(f"{a:.2f}" for a in by_position_rnn.tolist()))

# %% [markdown]
# Output position 0 is the symbol the encoder read last, still fresh in its
# state; output position 15 is the one it read first, 16 steps earlier, and has
# been overwritten since. The accuracy falls with that distance, down towards
# chance, $1/10$: a fixed-size state is a bottleneck, and what went in first is
# what it loses. Hardly a sequence is right end to end.

# %%
assert by_position_rnn[0] > 0.7                  # the last symbol read: nearly always right
assert by_position_rnn[-4:].max() < 0.3           # the first ones read: near chance, 0.1
assert by_position_rnn[:4].mean() > 2 * by_position_rnn[-4:].mean()
assert right_rnn.double().mean() < 0.5 and right_rnn.all(1).double().mean() < 0.01

# %% [markdown]
# Now attention: one transformer layer with one head and $d = 32$, without a
# causal mask (every position sees the whole input), once with the positional
# encoding and once without. No state stands between input and output: output
# position $t$ can read any input position directly.

# %%
def train(model: TinyTransformerLM, X: torch.Tensor, Y: torch.Tensor, lr: float = 3e-3,
          batch_size: int = 64) -> list[float]:
    """One pass over (X, Y) in fixed mini-batches: the losses, one per step."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for X_B, Y_B in zip(X.split(batch_size), Y.split(batch_size)):
        loss = sequence_loss(model(X_B), Y_B)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


reversers, results = {}, {}
for positional in (True, False):
    torch.manual_seed(0)
    model = TinyTransformerLM(vocab=10, d=32, heads=1, layers=1, max_len=16, causal=False,
                              positional=positional)
    start = time.process_time()
    losses = train(model, X_train, Y_train)
    seconds = time.process_time() - start
    with torch.no_grad():
        right = model.eval()(X_test).argmax(-1) == Y_test
    name = "with PE" if positional else "without PE"
    reversers[name] = model
    results[name] = dict(losses=losses, tokens=right.double().mean().item(),
                         sequences=right.all(1).double().mean().item(), seconds=seconds,
                         by_position=right.double().mean(0))
    print(f"{name:<11} loss {losses[0]:.2f} -> {losses[-1]:.3f}, tokens right {results[name]['tokens']:.1%}, "
          f"whole sequences right {results[name]['sequences']:.1%}, {seconds:.1f} CPU-s")
attention_parameters = sum(w.numel() for w in reversers["with PE"].parameters())
print(f"the attention layer has {attention_parameters:,} parameters, the encoder-decoder "
      f"{seq2seq_parameters:,}")
assert (seq2seq_parameters, attention_parameters) == (13_354, 13_418)  # a fair match, as chapter 10 says
assert results["with PE"]["by_position"].min() > 0.99   # every position, near or far

# %% [markdown]
# Without the positional encoding, output position $t$ sees its own symbol and
# the *bag* of all 16 symbols, nothing about where each one sits. The best it can
# do is guess the most frequent symbol among the other 15 positions; we compute
# what that guess scores on the test set, a ceiling no order-blind model can pass.

# %%
X_np = X_test.numpy()
ceiling = np.mean([np.bincount(np.delete(x, t), minlength=10).max() / 15
                   for x in X_np for t in range(16)])
print(f"best order-blind guess: {ceiling:.1%} of tokens; without PE the model gets "
      f"{results['without PE']['tokens']:.1%}")
assert 0.23 < ceiling < 0.25                              # about 24%, as chapter 10 says
assert results["with PE"]["sequences"] > 0.99             # ~100% of whole sequences
assert results["with PE"]["seconds"] < 20                 # a few CPU-seconds
assert results["without PE"]["tokens"] < ceiling + 0.02   # no better than the ceiling
assert results["without PE"]["tokens"] > ceiling - 0.05   # and it finds that guess
assert results["without PE"]["sequences"] < 0.01

# %% [markdown]
# Side by side, position by position: the encoder–decoder loses the symbols it
# read longest ago, the attention layer with positions gets every position
# right, and the one without positions stays at the order-blind ceiling
# everywhere.

# %% tags=["figure:bottleneck"]
fig, ax = plt.subplots(figsize=(6.8, 3.4))
positions = np.arange(16)
ax.plot(positions, by_position_rnn, "s-", color=RED,
        label=f"GRU encoder–decoder ({seq2seq_parameters:,} parameters)")
ax.plot(positions, results["with PE"]["by_position"], "o-", color=BLUE,
        label=f"attention, with PE ({attention_parameters:,} parameters)")
ax.plot(positions, results["without PE"]["by_position"], "^-", color="#7f7f7f",
        label="attention, without PE")
ax.axhline(0.1, color=GREY, linestyle=":", linewidth=1)
ax.text(15, 0.085, "chance, 1/10", va="top", ha="right", fontsize=9, color="0.3")
ax.set_xticks(positions)
ax.set_ylim(0, 1.05)
ax.set_xlabel("output position $t$ (copies input position $15 - t$)")
ax.set_ylabel("test accuracy")
ax.legend(fontsize=8, loc="center right")
fig.tight_layout()
plt.show()

# %% [markdown]
# The attention weights show what the model learned. With the positional
# encoding, query $t$ puts its weight on key $15 - t$: the anti-diagonal. Without
# it, every query sees the same bag, so all rows look alike: attention depends
# on the symbols, not on the positions.

# %%
with torch.no_grad():
    for model in reversers.values():
        model(X_test)
A_pe = reversers["with PE"].blocks[0].attention_weights[:, 0]      # (1000, 16, 16)
A_bag = reversers["without PE"].blocks[0].attention_weights[:, 0]
anti = torch.arange(15, -1, -1)
hits = (A_pe.argmax(-1) == anti).double().mean().item()
weight_on_anti = A_pe[:, torch.arange(16), anti].mean().item()
print(f"with PE: the largest weight of a row is on key 15 - t in {hits:.1%} of rows, "
      f"mean weight there {weight_on_anti:.2f}")
assert hits > 0.95 and weight_on_anti > 0.5
# without PE two queries holding the same symbol attend identically, wherever they are
x = X_test[0]
same = [(i, j) for i in range(16) for j in range(i + 1, 16) if x[i] == x[j]]
assert same and all(torch.allclose(A_bag[0, i], A_bag[0, j], atol=1e-6) for i, j in same)

# %% tags=["figure:reverse-attention"]
fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.8))
for ax, (name, A) in zip(axes, [("with PE", A_pe), ("without PE", A_bag)]):
    im = ax.imshow(A[0], cmap="viridis", vmin=0, vmax=1)
    ax.set_xticks(range(16), [str(s) for s in X_test[0].tolist()], fontsize=7)
    ax.set_yticks(range(16), [str(s) for s in Y_test[0].tolist()], fontsize=7)
    ax.set_xlabel("key: input symbol")
    ax.set_title(f"{name}: {results[name]['tokens']:.0%} of tokens right", fontsize=9)
    ax.grid(False)
axes[0].set_ylabel("query: output position, its target")
fig.colorbar(im, ax=axes, shrink=0.8)
plt.show()

# %% [markdown]
# ## 6. A language model that sees the future, and the fix
#
# A language model predicts token $t + 1$ from tokens $0..t$; in training it
# sees the whole sequence at once, so only the causal mask keeps position $t$
# from reading its own answer. The task: arithmetic progressions
# $x_t = (a + k t) \bmod 10$ of 16 tokens, with random $a$ and step $k \neq 0$.
# After two tokens the rest is determined. We train the same one-layer, one-head
# model with and without the causal mask, then let each generate 13 tokens
# (greedily) from the first 3 tokens of every test sequence.

# %%
def progressions(n: int, seed: int, T: int = 16, V: int = 10) -> torch.Tensor:
    """(n, T) sequences (a + k t) mod V, a uniform in 0..V-1, k in 1..V-1."""
    gen = torch.Generator().manual_seed(seed)
    a = torch.randint(0, V, (n, 1), generator=gen)
    k = torch.randint(1, V, (n, 1), generator=gen)
    return (a + k * torch.arange(T)) % V


P_train, P_test = progressions(300 * 64, seed=0), progressions(500, seed=1)
lms, lm_results = {}, {}
for causal in (False, True):
    torch.manual_seed(0)
    model = TinyTransformerLM(vocab=10, d=32, heads=1, layers=1, max_len=16, causal=causal)
    losses = train(model, P_train[:, :-1], P_train[:, 1:])  # inputs 0..14, targets 1..15
    model.eval()
    with torch.no_grad():
        test_loss = sequence_loss(model(P_test[:, :-1]), P_test[:, 1:]).item()
    out = generate(model, P_test[:, :3], 13, temperature=0.0)
    name = "causal" if causal else "leaking"
    lms[name] = model
    lm_results[name] = dict(train_loss=np.mean(losses[-20:]), test_loss=test_loss,
                            tokens=(out[:, 3:] == P_test[:, 3:]).double().mean().item(),
                            sequences=(out == P_test).all(1).double().mean().item())
    r = lm_results[name]
    print(f"{name:<8} loss: train {r['train_loss']:.4f}, test (whole sequence given) {r['test_loss']:.4f};"
          f" generation: tokens right {r['tokens']:.1%}, sequences {r['sequences']:.1%}")

# %% [markdown]
# The leaking model's loss is far *below* the causal one's. An honest model
# cannot beat $\log 9$ nats on its first prediction (from $x_0$ alone nothing
# tells it the step $k$; after that everything is determined), so at least
# $\log 9 / 15$ per token; the leaking one does not have to guess. It has learned
# to copy the next token, which is there in training and missing in generation.

# %%
leak, fixed = lm_results["leaking"], lm_results["causal"]
floor = math.log(9) / 15  # the best an honest model can do per token
print(f"an honest model's loss is at least {floor:.3f} nats per token")
assert leak["test_loss"] < 0.1 * floor <= fixed["test_loss"] + 0.01  # "predicts" the future
assert leak["sequences"] < 0.3 and leak["tokens"] < 0.5          # and fails to generate
assert fixed["sequences"] > 0.98                                 # the causal mask: the fix
assert floor - 0.01 < fixed["test_loss"] < 1.5 * floor           # honest: just above the floor
with torch.no_grad():
    lms["leaking"](P_test[:, :-1])
    lms["causal"](P_test[:, :-1])
A_leak = lms["leaking"].blocks[0].attention_weights[:, 0]   # (500, 15, 15)
A_causal = lms["causal"].blocks[0].attention_weights[:, 0]
future = torch.ones(15, 15, dtype=torch.bool).triu(1)
on_future = A_leak[:, future].sum() / A_leak[:, :-1].sum()  # the last row has no future
print(f"the leaking model puts {on_future:.0%} of its attention on future tokens")
assert on_future > 0.4 and torch.all(A_causal[:, future] == 0)

# %% tags=["figure:leaking-attention"]
fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.8))
for ax, (name, A) in zip(axes, [("without the causal mask", A_leak), ("with the causal mask", A_causal)]):
    im = ax.imshow(A.mean(0), cmap="viridis", vmin=0, vmax=1)
    ax.set_xlabel("key position")
    ax.set_title(name, fontsize=9)
    ax.grid(False)
axes[0].set_ylabel("query position")
fig.colorbar(im, ax=axes, shrink=0.8)
plt.show()

# %% [markdown]
# ## 7. A tiny transformer language model, beside the LSTM
#
# Chapter 9's LSTM learned Python's documentation, cleaned to 27 symbols: an
# embedding of 32, 128 hidden units, 300 steps of Adam (learning rate $10^{-2}$,
# gradients clipped to norm 1) on 32 random windows of 64 characters. We train it
# again here, exactly so, and beside it a decoder-only transformer: embedding and
# positional encoding of width $d = 64$, one pre-norm block of 4 heads with an MLP
# of width 256, under the causal mask, with the same data, steps, optimizer and
# seed. Validation is the held-out last 10% of the text, after the last step;
# the bigram model (the next character from the last one, by counting pairs) is
# the bar to clear.

# %%
text = documentation_text()
vocab = Vocabulary.from_text(text)
text_ids = vocab.encode(text)
cut = int(0.9 * len(text_ids))
train_ids, val_ids = text_ids[:cut], text_ids[cut:]
V = vocab.size
pairs = np.ones((V, V))   # add-one counts: no unseen pair costs an infinite loss
np.add.at(pairs, (train_ids[:-1], train_ids[1:]), 1)
bigram_p = pairs / pairs.sum(axis=1, keepdims=True)
bigram = perplexity(-np.mean(np.log(bigram_p[val_ids[:-1], val_ids[1:]])))
val_inputs, val_targets = (torch.from_numpy(a) for a in next_token_windows(val_ids, 64))


def logits_of(model: nn.Module, ids: torch.Tensor) -> torch.Tensor:
    """(batch, T, V) logits of either model (the LSTM also returns its state)."""
    out = model(ids)
    return out[0] if isinstance(out, tuple) else out


def validation_perplexity(model: nn.Module) -> float:
    model.eval()
    with torch.no_grad():
        logits = logits_of(model, val_inputs)
    model.train()
    return perplexity(sequence_loss(logits, val_targets).item())


steps_lm = 300
language_models = {"LSTM": lambda: RNNLanguageModel(V, hidden_size=128, embed_size=32, cell="lstm"),
                   "transformer": lambda: TinyTransformerLM(V, d=64, heads=4, layers=1, max_len=64)}
lm_models, lm_table = {}, {}
for name, make in language_models.items():
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    model = make()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    losses, seconds = [], 0.0
    for step in range(1, steps_lm + 1):
        start = time.process_time()
        x, y = random_windows(train_ids, 64, 32, rng)
        loss = sequence_loss(logits_of(model, torch.from_numpy(x)), torch.from_numpy(y))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        seconds += time.process_time() - start   # training only, not the validation
        losses.append(loss.item())
    lm_models[name] = model
    lm_table[name] = {"parameters": sum(w.numel() for w in model.parameters()),
                      "perplexity": validation_perplexity(model), "seconds": seconds, "losses": losses}

print(f"after {steps_lm} steps of 32 windows of 64 characters (uniform: {V}, bigram: {bigram:.2f})\n")
print(f"{'model':<12}{'parameters':>11}{'val. perplexity':>17}{'training CPU-s':>16}{'ms per step':>13}")
for name, r in lm_table.items():
    print(f"{name:<12}{r['parameters']:>11,}{r['perplexity']:>17.2f}{r['seconds']:>16.1f}"
          f"{1e3 * r['seconds'] / steps_lm:>13.1f}")

# %% [markdown]
# The parameters, counted by hand: the LSTM has its embedding, four gates of
# $h(d_e + h)$ weights and two biases each (torch keeps two), and the read-out.
# The transformer has its embedding, per block two layer norms ($2d$ each), four
# $d \times d$ projections with biases and an MLP $d \to 4d \to d$, then a final
# layer norm and the read-out; the positional encoding is fixed, not learned.
# Both models leave the bigram far behind. At this size and this budget, 300
# steps on one CPU core, the LSTM is ahead: the transformer's strengths, work
# that runs in parallel over the positions and models that grow to billions of
# parameters, are not what this race measures.

# %%
d_e, h_lm, d_lm = 32, 128, 64
assert lm_table["LSTM"]["parameters"] == V * d_e + 4 * (h_lm * (d_e + h_lm) + 2 * h_lm) + (h_lm + 1) * V
block = 2 * 2 * d_lm + 4 * (d_lm * d_lm + d_lm) + (d_lm * 4 * d_lm + 4 * d_lm) + (4 * d_lm * d_lm + d_lm)
assert lm_table["transformer"]["parameters"] == V * d_lm + block + 2 * d_lm + (d_lm + 1) * V
lm_ppl = {name: r["perplexity"] for name, r in lm_table.items()}
assert 9 < bigram < 11                                          # the bar: about 10
assert max(lm_ppl.values()) < 0.6 * bigram                     # both far below the bigram
assert lm_ppl["LSTM"] < lm_ppl["transformer"] - 0.5             # the LSTM ahead, at equal steps
for name, quoted in [("LSTM", 3.8), ("transformer", 5.1)]:      # the values chapter 10 quotes
    assert abs(lm_ppl[name] - quoted) < 0.15, (name, lm_ppl[name])
assert all(r["seconds"] < 30 for r in lm_table.values())        # seconds, not minutes, on one core

# %% tags=["figure:lm-perplexity"]
fig, ax = plt.subplots(figsize=(6.8, 3.6))
steps_axis = np.arange(1, steps_lm + 1)
for name, color in [("LSTM", RED), ("transformer", BLUE)]:
    r = lm_table[name]
    smooth = np.convolve(r["losses"], np.ones(20) / 20, mode="valid")  # the mean of 20 steps
    ax.plot(steps_axis[19:], np.exp(smooth), color=color,
            label=f"{name}: validation {r['perplexity']:.2f}, {r['parameters']:,} parameters, "
                  f"{r['seconds']:.0f} CPU-s")
    ax.plot(steps_lm, r["perplexity"], "o", color=color, markersize=6)
ax.axhline(bigram, linestyle="--", color=GREY, linewidth=1)
ax.text(steps_lm, bigram, f"bigram {bigram:.1f}", va="bottom", ha="right", fontsize=9, color="0.3")
ax.set_yscale("log")
ax.minorticks_off()
ax.set_yticks([3, 4, 5, 7, 10, 15, 27], ["3", "4", "5", "7", "10", "15", "27"])
ax.set_xlabel("training step (32 windows of 64 characters)")
ax.set_ylabel("perplexity (training: mean of 20 steps)")
ax.legend(title=f"after {steps_lm} steps (dots: validation)", fontsize=8, title_fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 8. Samples
#
# Both models write 400 characters after the prompt "the return ", at
# temperature 0.7. The transformer's `generate` re-reads the last 64 tokens at
# every step (it has no state to carry); the LSTM's carries its state. We count
# how many of the sampled words are words of the training text.

# %%
known_words = set(vocab.decode(train_ids).split())


def real_word_fraction(sample_text: str) -> float:
    words = sample_text.split()[1:-1]  # the first and last words may be cut off
    return float(np.mean([w in known_words for w in words]))


prompt = vocab.encode("the return ")
samples = {
    "LSTM": vocab.decode(generate_rnn(lm_models["LSTM"], prompt, 400, 0.7, np.random.default_rng(0))),
    "transformer": vocab.decode(generate(lm_models["transformer"], torch.from_numpy(prompt)[None], 400,
                                         temperature=0.7, generator=torch.Generator().manual_seed(0))
                                [0, len(prompt):]),
}
for name, sample_text in samples.items():
    print(f"{name}, {real_word_fraction(sample_text):.0%} real words:\n  the return {sample_text}\n")
assert all(real_word_fraction(s) > 0.5 for s in samples.values())   # mostly real words, both
