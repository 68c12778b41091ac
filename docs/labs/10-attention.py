# %% [markdown]
# # Lab 10: attention and transformers
#
# This lab runs every piece of chapter 10. Scaled dot-product attention and
# multi-head attention from `dlbook.nn.attention` are checked against torch's;
# the softmax saturates when the scores are not divided by $\sqrt{d_k}$, and we
# measure it. Then one transformer layer with one head learns to reverse
# sequences of 16 symbols: with a positional encoding it gets every sequence
# right, without one it cannot tell positions apart and guesses, and its
# attention maps show why. Last, a language model without the causal mask
# "predicts" the future perfectly in training and fails as soon as it has to
# generate; the causal mask fixes it.

# %%
import math
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

from dlbook.data.reverse import reverse_task
from dlbook.nn.attention import (MultiHeadAttention, attention_entropy, causal_mask, from_torch,
                                 padding_mask, scaled_dot_product_attention)
from dlbook.nn.transformer import TinyTransformerLM, generate, positional_encoding, sequence_loss
from dlbook.plotting import style

style()
torch.set_num_threads(1)  # tiny tensors: one thread is fastest
f64 = torch.float64

# %% [markdown]
# ## 1. Scaled dot-product attention, checked against torch
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
# ## 2. Why divide by $\sqrt{d_k}$: softmax saturation
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
    ax.semilogx(d_ks, unscaled, "s-", base=2, color="#d62728", label=r"$QK^\top$ (unscaled)")
    ax.set_xlabel("$d_k$")
    ax.set_ylabel(label)
axes[0].axhline(math.log(16), color="0.5", linestyle=":", label="uniform, log 16")
axes[0].legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 3. Positional encoding
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
# ## 4. Reversing sequences: one layer, one head
#
# The task: read 16 symbols from an alphabet of 10 and output them backwards.
# Output position $t$ must copy input position $15 - t$, so the model must look
# a token up *by where it is*. One transformer layer with one head and $d = 32$,
# without a causal mask (every position sees the whole input), trained for 300
# steps of 64 sequences with Adam; once with the positional encoding and once
# without.

# %%
X_train, Y_train = map(torch.from_numpy, reverse_task(300 * 64, length=16, alphabet=10, seed=0))
X_test, Y_test = map(torch.from_numpy, reverse_task(1000, length=16, alphabet=10, seed=1))


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
                         sequences=right.all(1).double().mean().item(), seconds=seconds)
    print(f"{name:<11} loss {losses[0]:.2f} -> {losses[-1]:.3f}, tokens right {results[name]['tokens']:.1%}, "
          f"whole sequences right {results[name]['sequences']:.1%}, {seconds:.1f} CPU-s")

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
assert results["with PE"]["sequences"] > 0.99             # ~100% of whole sequences
assert results["with PE"]["seconds"] < 20                 # a few CPU-seconds
assert results["without PE"]["tokens"] < ceiling + 0.02   # no better than the ceiling
assert results["without PE"]["tokens"] > ceiling - 0.05   # and it finds that guess
assert results["without PE"]["sequences"] < 0.01

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
fig, axes = plt.subplots(1, 2, figsize=(8, 3.8))
for ax, (name, A) in zip(axes, [("with PE", A_pe), ("without PE", A_bag)]):
    im = ax.imshow(A[0], cmap="viridis", vmin=0, vmax=1)
    ax.set_xticks(range(16), [str(s) for s in X_test[0].tolist()], fontsize=7)
    ax.set_yticks(range(16), [str(s) for s in Y_test[0].tolist()], fontsize=7)
    ax.set_xlabel("key: input symbol")
    ax.set_ylabel("query: output position, its target")
    ax.set_title(f"{name}: {results[name]['tokens']:.0%} of tokens right", fontsize=9)
    ax.grid(False)
fig.colorbar(im, ax=axes, shrink=0.8)
plt.show()

# %% [markdown]
# ## 5. A language model that sees the future, and the fix
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
fig, axes = plt.subplots(1, 2, figsize=(8, 3.8))
for ax, (name, A) in zip(axes, [("without the causal mask", A_leak), ("with the causal mask", A_causal)]):
    im = ax.imshow(A.mean(0), cmap="viridis", vmin=0, vmax=1)
    ax.set_xlabel("key position")
    ax.set_ylabel("query position")
    ax.set_title(name, fontsize=9)
    ax.grid(False)
fig.colorbar(im, ax=axes, shrink=0.8)
plt.show()
