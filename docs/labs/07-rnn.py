# %% [markdown]
# # Lab 7: sequence modeling and RNNs
#
# This lab runs every piece of chapter 7 on real text that ships with Python
# itself: the documentation of `help()`, cleaned to 27 symbols. We number the
# characters, encode them as one-hot vectors and as learned embeddings, and cut
# the text into windows whose targets are the inputs shifted by one. The RNN
# cell and layer of `dlbook.nn.rnn` are checked against `torch.nn.RNN`. Then
# three language models that need no training set the bar (uniform, unigram,
# bigram), an RNN language model clears it in 600 steps, and we sample text
# from it at several temperatures.

# %%
import math
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

from dlbook.data.text import Vocabulary, documentation_text, next_token_windows, random_windows
from dlbook.nn.embedding import embedding, one_hot
from dlbook.nn.rnn import RNN, RNNLanguageModel, params_from_torch, rnn_layer, rnn_output
from dlbook.nn.sampling import generate, perplexity, perplexity_of_logits, softmax_with_temperature
from dlbook.plotting import style

style()
torch.set_num_threads(1)  # small tensors: one thread is fastest
f64 = torch.float64

# %% [markdown]
# ## 1. The corpus
#
# `pydoc_data.topics` is a dictionary from topic names to the text `help()`
# shows: about 465,000 characters of English prose about Python. Lower-cased,
# with every run of characters other than a-z turned into a single space, it
# keeps 27 symbols. We hold out the last 10% of the text for validation; a
# contiguous cut (not random windows) keeps validation text the model never
# saw, not even in part.

# %%
text = documentation_text()
vocab = Vocabulary.from_text(text)
ids = vocab.encode(text)
cut = int(0.9 * len(ids))
train_ids, val_ids = ids[:cut], ids[cut:]
V = vocab.size
print(f"{len(text):,} characters, {V} symbols: {''.join(vocab.tokens)!r}")
print(f"train {len(train_ids):,}, validation {len(val_ids):,}")
print(repr(text[:300]))
assert V == 27 and vocab.tokens == [" "] + [chr(c) for c in range(ord("a"), ord("z") + 1)]
assert vocab.decode(ids[:1000]) == text[:1000]

# %% tags=["figure:character-frequencies"]
counts = np.bincount(train_ids, minlength=V)
order = np.argsort(counts)[::-1]
fig, ax = plt.subplots(figsize=(8, 2.8))
ax.bar(range(V), counts[order] / counts.sum(), color="#1f77b4")
ax.set_xticks(range(V), ["␣" if vocab.tokens[i] == " " else vocab.tokens[i] for i in order])
ax.set_ylabel("frequency")
ax.set_title("characters of Python's documentation, most frequent first")
fig.tight_layout()
plt.show()
assert vocab.tokens[order[0]] == " " and vocab.tokens[order[1]] == "e"  # space, then e

# %% [markdown]
# ## 2. Tokens as vectors: one-hot and embeddings
#
# A one-hot vector says which of the $V$ tokens it is, and nothing else: every
# two different tokens are equally far apart. An embedding is row $i$ of a
# learned matrix $E$ of shape $(V, d)$; it is the same computation as
# `one_hot(i) @ E`, done by looking up a row instead of multiplying by zeros.
# We check both identities, and our lookup against `torch.nn.Embedding`.

# %%
word = vocab.encode("hello world")
X_onehot = one_hot(word, V)
print("ids:", word.tolist())
print("one-hot shape:", X_onehot.shape, "ones at:", X_onehot.argmax(axis=1).tolist())
E = np.random.default_rng(0).normal(size=(V, 4))
lookup = embedding(word, E)
assert np.array_equal(X_onehot.argmax(axis=1), word) and X_onehot.sum() == len(word)
assert np.allclose(lookup, X_onehot @ E, rtol=1e-15, atol=0)
torch_embedding = torch.nn.Embedding(V, 4, dtype=f64)
with torch.no_grad():
    torch_embedding.weight.copy_(torch.from_numpy(E))
assert np.array_equal(lookup, torch_embedding(torch.from_numpy(word)).detach().numpy())
print("embedding of 'h':", lookup[0].round(3))

# %% [markdown]
# ## 3. Predicting the next token: windows and targets
#
# A language model predicts, at every position, the token that comes next. So
# a window of $T$ inputs comes with $T$ targets: the same window shifted by one
# step. Every position of every window is a training example, with the
# context that precedes it inside the window.

# %%
inputs, targets = next_token_windows(train_ids, T=32)
print("windows:", inputs.shape)
print("input :", repr(vocab.decode(inputs[100])))
print("target:", repr(vocab.decode(targets[100])))
assert np.array_equal(inputs[:, 1:], targets[:, :-1])  # shifted by one ...
assert np.array_equal(targets[:, -1], train_ids[32:32 * len(inputs) + 1:32])  # ... up to the next window

# %% [markdown]
# ## 4. The recurrence, checked against torch
#
# $h_t = \tanh(W_{hh} h_{t-1} + W_{xh} x_t + b_h)$ and $y_t = W_{hy} h_t$:
# `rnn_layer` applies the one cell $T$ times with the same weights. torch's
# `nn.RNN` computes the same thing with two biases, $b_{ih} + b_{hh}$, that only
# ever appear as their sum, our $b_h$. We copy its weights into our numpy layer
# and into our torch module `RNN`, and compare in float64. The same weights
# take sequences of any length: the number of parameters does not depend on $T$.

# %%
torch.manual_seed(0)
reference = torch.nn.RNN(V, 16, batch_first=True, dtype=f64)
ours = RNN.from_torch(reference)
p = {name: w.numpy() for name, w in params_from_torch(reference).items()}
for T in (5, 50):
    X = torch.from_numpy(one_hot(next_token_windows(train_ids, T)[0][:3], V))  # (3, T, 27)
    H_torch, _ = reference(X)
    H_numpy = rnn_layer(X.numpy(), None, p["W_xh"], p["W_hh"], p["b_h"])
    H_module, _ = ours(X)
    dev_numpy = np.abs(H_numpy - H_torch.detach().numpy()).max()
    dev_module = (H_module - H_torch).abs().max().item()
    print(f"T = {T:>2}: largest deviation, numpy {dev_numpy:.1e}, our module {dev_module:.1e}")
    assert dev_numpy < 1e-12 and dev_module < 1e-12
W_hy = np.random.default_rng(1).normal(size=(V, 16))
print("outputs y_t:", rnn_output(H_numpy, W_hy).shape, "(batch, T, V)")
print("parameters:", sum(w.numel() for w in ours.parameters()), "for any T")

# %% [markdown]
# ## 5. Three baselines that need no training loop
#
# Perplexity, $e^J$ for the mean cross-entropy $J$ on held-out text, is the
# number of tokens a model is as unsure as a uniform choice among. Guessing
# uniformly scores exactly $V = 27$. A unigram model predicts every character
# with its frequency, whatever came before. A bigram model predicts it from
# the one character before, by counting pairs (each count starts at 1, so no
# pair unseen in training costs an infinite loss).

# %%
uniform = perplexity_of_logits(np.zeros((len(val_ids), V)), val_ids)
unigram_p = counts / counts.sum()
unigram = perplexity(-np.mean(np.log(unigram_p[val_ids])))
pairs = np.ones((V, V))
np.add.at(pairs, (train_ids[:-1], train_ids[1:]), 1)
bigram_p = pairs / pairs.sum(axis=1, keepdims=True)
bigram = perplexity(-np.mean(np.log(bigram_p[val_ids[:-1], val_ids[1:]])))
print(f"validation perplexity: uniform {uniform:.2f}, unigram {unigram:.2f}, bigram {bigram:.2f}")
assert abs(uniform - 27) < 1e-9
assert bigram < unigram < uniform
after_q = vocab.tokens[int(bigram_p[vocab.index["q"]].argmax())]
print(f"the bigram model's favourite after 'q': {after_q!r} ({bigram_p[vocab.index['q']].max():.2f})")
assert after_q == "u"

# %% [markdown]
# ## 6. An RNN language model
#
# Embedding (27 -> 32), an RNN of 128 tanh units, and $y_t = W_{hy} h_t + b_y$
# to 27 logits: `RNNLanguageModel` uses torch's fused `nn.RNN`, the same
# equations as ours (section 4), several times faster. Each step trains on 64
# windows of 64 characters at random places of the training text, with Adam
# and the gradient clipped to norm 1 (chapter 8 explains why). Every window
# starts from $h_0 = 0$. Every 50 steps we measure the validation perplexity
# on the whole validation text, cut into windows of 64.

# %%
torch.manual_seed(0)
rng = np.random.default_rng(0)
model = RNNLanguageModel(V, hidden_size=128, embed_size=32, cell="rnn")
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
val_inputs, val_targets = (torch.from_numpy(a) for a in next_token_windows(val_ids, 64))


def validation_perplexity():
    with torch.no_grad():
        logits, _ = model(val_inputs)
    return perplexity(F.cross_entropy(logits.reshape(-1, V), val_targets.reshape(-1)).item())


steps, history = 600, {0: validation_perplexity()}
start = time.process_time()
for step in range(1, steps + 1):
    x, y = random_windows(train_ids, 64, 64, rng)
    logits, _ = model(torch.from_numpy(x))
    loss = F.cross_entropy(logits.reshape(-1, V), torch.from_numpy(y).reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    if step % 50 == 0:
        history[step] = validation_perplexity()
seconds = time.process_time() - start
rnn_perplexity = history[steps]
print(f"{steps} steps in {seconds:.1f} CPU-s; validation perplexity {history[0]:.1f} -> {rnn_perplexity:.2f}")
assert history[0] > 20                      # untrained: about uniform
assert rnn_perplexity < 5.0                 # ~3.9 measured
assert rnn_perplexity < 0.6 * bigram        # far more than the last character

# %% tags=["figure:rnn-perplexity"]
fig, ax = plt.subplots(figsize=(6.5, 3.6))
ax.plot(list(history), list(history.values()), "o-", markersize=3, label="RNN, 128 units")
for value, name, color in [(uniform, "uniform", "0.5"), (unigram, "unigram", "#2ca02c"),
                           (bigram, "bigram", "#d62728")]:
    ax.axhline(value, linestyle="--", color=color, linewidth=1)
    ax.text(steps, value, f" {name} {value:.1f}", va="bottom", ha="right", fontsize=8, color=color)
ax.set_yscale("log")
ax.minorticks_off()
ax.set_yticks([3, 4, 6, 10, 17, 27], ["3", "4", "6", "10", "17", "27"])
ax.set_xlabel("training step (64 windows of 64 characters)")
ax.set_ylabel("validation perplexity")
ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.35))
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 7. What the model predicts
#
# Reading a prompt, the model gives a distribution over the next character at
# every position. Inside a word it is nearly certain; at the start of a new
# word it has to spread its bets.

# %%
def next_distribution(prompt):
    with torch.no_grad():
        logits, _ = model(torch.from_numpy(vocab.encode(prompt))[None])
    return softmax_with_temperature(logits[0, -1].double().numpy(), 1.0)


for prompt in ("the return valu", "an exceptio", "the "):
    P = next_distribution(prompt)
    top = np.argsort(P)[::-1][:3]
    print(f"{prompt!r:>20} -> " + ", ".join(f"{vocab.tokens[i]!r} {P[i]:.2f}" for i in top))
assert vocab.tokens[int(next_distribution("the return valu").argmax())] == "e"
assert next_distribution("an exceptio").max() > 0.8
assert next_distribution("the ").max() < 0.5  # a new word: no character is likely

# %% [markdown]
# ## 8. Sampling, and the temperature
#
# To write text, sample a character from $\mathrm{softmax}(y_t / \tau)$, feed
# it back in, repeat. At $\tau = 1$ the samples follow the model's own
# probabilities; lower temperatures favour the likely characters, higher ones
# flatten the distribution towards uniform. We measure how many of the sampled
# words are words of the training text.

# %%
known_words = set(vocab.decode(train_ids).split())


def real_word_fraction(sample_text):
    words = sample_text.split()[1:-1]  # the first and last words may be cut off
    return np.mean([w in known_words for w in words])


fractions = {}
for tau in (0.3, 0.7, 1.0, 1.5):
    out = vocab.decode(generate(model, vocab.encode("the "), 1500, tau, np.random.default_rng(0)))
    fractions[tau] = real_word_fraction(out)
    print(f"tau = {tau}: {fractions[tau]:.0%} real words\n  {out[:160]!r}")
assert fractions[0.3] > fractions[1.0] > fractions[1.5]
assert fractions[0.3] > 0.8
