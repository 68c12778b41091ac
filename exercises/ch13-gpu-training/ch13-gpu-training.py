# %% [raw]
# # ASSIGNMENT CONFIG
# name: ch13-gpu-training
# export_cell: false
# requirements:   # for Gradescope's image: the tests (and Questions 3 and 6) use torch (CPU build)
#   - --extra-index-url https://download.pytorch.org/whl/cpu
#   - torch==2.13.0
# tests:
#   files: true
#   ok_format: false

# %% [markdown]
# # Chapter 13 exercises: training on GPUs
#
# **How to work.** Fill in every `...`, run the notebook top to bottom, and check each
# answer with `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch13-gpu-training.ipynb` checks them all (its exit status is 0 only when
# every public test passes).
#
# **What you may use.** numpy, plain Python and PyTorch, **on the CPU**: no question
# needs a GPU, several ranks are simulated in one process, and mixed precision is
# reasoned about rather than run. Do **not** import `dlbook`, the book's own package: the
# exercises are solved without it, and importing it fails when your notebook is checked
# or graded. The tests use PyTorch (autograd, `torch.amp.GradScaler`,
# `torch.optim`, `torch.utils.data.DistributedSampler`) to compute the expected answers,
# so it must be installed.
#
# **What is graded.** The checks in this notebook are the public tests. Your submission
# is also graded on hidden tests with inputs you never see (other sizes, seeds, world
# sizes and edge cases), so write code that is right for every input the question
# allows, not just for the examples. No function may modify the arrays or dicts it is
# given (the tests check).
#
# **Reasoning questions.** Questions 1, 2 and 4 are coding questions (gradient
# accumulation, gradient averaging across ranks, the loss scaler's update rule). The
# others ask you to reason: Question 3 (design) what a checkpoint must hold for training
# to resume exactly, Question 5 (predict) how many bytes training a model takes in fp32
# and in bf16 and how large a model fits, Question 6 (debug) three bugs in a
# data-parallel training loop.
#
# **Conventions.** Every model is a linear regression $\hat y = X w$ (plus a bias $b$ in
# Question 1) with the mean squared error $J = \frac{1}{n}\sum_i (x_i^\top w - y_i)^2$
# over the $n$ rows it is computed on, so its gradient is
# $\frac{2}{n} X^\top (X w - y)$. Functions take and return plain data: numbers, numpy
# arrays (or torch tensors), and lists, tuples or dicts of them.

# %%
import math

import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (code: gradient accumulation that equals one large batch).** A batch of
# $N$ rows `X` $(N, d)$, `y` $(N,)$ does not fit in memory at once, so it is cut into
# consecutive micro-batches of the sizes listed in `micro_batches` (which sum to $N$;
# they need not be equal: `[3, 5, 2]` means rows `0:3`, `3:8`, `8:10`). The training
# loop runs forward and backward on one micro-batch at a time, adding the gradients up
# (as `loss.backward()` accumulates into `.grad`), and makes **one** SGD step at the end.
#
# Write `accumulated_step(w, b, X, y, micro_batches, lr)` for the model
# $\hat y = X w + b$ (`w` of shape $(d,)$, `b` a number), returning the pair
# `(w_new, b_new)` after that one step with learning rate `lr`. The step must be
# **exactly** the SGD step on the mean squared error of the whole batch of $N$ rows:
# think about what each micro-batch's loss must be multiplied by before its backward.

# %% [raw]
# # BEGIN SOLUTION

# %%
def accumulated_step(w, b, X, y, micro_batches, lr):
    w, X, y = np.asarray(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    # BEGIN SOLUTION
    N = len(y)
    g_w, g_b, start = np.zeros_like(w), 0.0, 0
    for n in micro_batches:
        X_k, y_k = X[start:start + n], y[start:start + n]
        start += n
        r = X_k @ w + b - y_k
        # the micro-batch's mean loss times n / N: the pieces add up to the mean over all N rows
        g_w = g_w + (n / N) * (2.0 / n) * (X_k.T @ r)
        g_b = g_b + (n / N) * (2.0 / n) * float(r.sum())
    return w - lr * g_w, float(b) - lr * g_b
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With N = 10 rows in uneven micro-batches [3, 5, 2] the step differs from one SGD step
  on the mean squared error of all 10 rows (torch autograd). Each micro-batch's mean
  loss must be weighted by its share n_k / N of the rows: not left as it is (the
  gradient comes out K times too large), not divided by the number K of micro-batches
  (right only when they are equal), and not stepped after every micro-batch.
""" # END TEST CONFIG
def test_accumulation_uneven(accumulated_step):
    import numpy as np
    import torch
    rng = np.random.default_rng(130)
    N, d, lr = 10, 3, 0.1
    X, y, w, b = rng.normal(size=(N, d)), rng.normal(size=N), rng.normal(size=d), 0.4
    w_t, b_t = torch.tensor(w, requires_grad=True), torch.tensor(b, dtype=torch.float64, requires_grad=True)
    ((torch.tensor(X) @ w_t + b_t - torch.tensor(y)) ** 2).mean().backward()
    expected_w, expected_b = w - lr * w_t.grad.numpy(), b - lr * b_t.grad.item()
    w_new, b_new = accumulated_step(w, b, X, y, [3, 5, 2], lr)
    w_new = np.asarray(w_new, dtype=float)
    assert w_new.shape == (d,), f"w_new has shape {w_new.shape}, expected {(d,)}"
    assert np.allclose(w_new, expected_w, rtol=1e-10, atol=1e-12), f"w_new = {np.round(w_new, 5).tolist()}, expected {np.round(expected_w, 5).tolist()}"
    assert abs(float(b_new) - expected_b) < 1e-10, f"b_new = {float(b_new):.6f}, expected {expected_b:.6f}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With equal micro-batches [4, 4, 4] of 12 rows, or a single micro-batch [12], the step
  differs from one SGD step on the whole batch, or accumulated_step modified w, X or y
  (compute new arrays rather than w -= ...).
""" # END TEST CONFIG
def test_accumulation_equal(accumulated_step):
    import numpy as np
    rng = np.random.default_rng(131)
    N, d, lr = 12, 2, 0.05
    X, y, w, b = rng.normal(size=(N, d)), rng.normal(size=N), rng.normal(size=d), -0.3
    copies = X.copy(), y.copy(), w.copy()
    r = X @ w + b - y
    expected_w, expected_b = w - lr * 2 * X.T @ r / N, b - lr * 2 * r.mean()
    for parts in ([4, 4, 4], [12]):
        w_new, b_new = accumulated_step(w, b, X, y, parts, lr)
        assert np.allclose(np.asarray(w_new, dtype=float), expected_w, rtol=1e-10, atol=1e-12), f"micro_batches {parts}: w_new = {np.round(np.asarray(w_new, dtype=float), 5).tolist()}, expected {np.round(expected_w, 5).tolist()}"
        assert abs(float(b_new) - expected_b) < 1e-10, f"micro_batches {parts}: b_new = {float(b_new):.6f}, expected {expected_b:.6f}"
    for a, c in zip((X, y, w), copies):
        assert np.array_equal(a, c), "accumulated_step modified w, X or y"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  accumulated_step differs from one full-batch SGD step on an unseen batch (N = 17,
  d = 4, micro-batches [6, 1, 7, 3]), or modified its arguments.
""" # END TEST CONFIG
def test_accumulation_hidden(accumulated_step):
    import numpy as np
    import torch
    rng = np.random.default_rng(1313)
    N, d, lr = 17, 4, 0.07
    X, y, w, b = rng.normal(size=(N, d)), rng.normal(size=N), rng.normal(size=d), 1.2
    copies = X.copy(), y.copy(), w.copy()
    w_t, b_t = torch.tensor(w, requires_grad=True), torch.tensor(b, dtype=torch.float64, requires_grad=True)
    ((torch.tensor(X) @ w_t + b_t - torch.tensor(y)) ** 2).mean().backward()
    w_new, b_new = accumulated_step(w, b, X, y, [6, 1, 7, 3], lr)
    for a, c in zip((X, y, w), copies):
        assert np.array_equal(a, c)
    assert np.allclose(np.asarray(w_new, dtype=float), w - lr * w_t.grad.numpy(), rtol=1e-10, atol=1e-12)
    assert abs(float(b_new) - (b - lr * b_t.grad.item())) < 1e-10

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  accumulated_step is wrong in an unseen edge case: micro-batches of one row each, or
  two very uneven micro-batches [1, 8].
""" # END TEST CONFIG
def test_accumulation_hidden_edges(accumulated_step):
    import numpy as np
    rng = np.random.default_rng(1314)
    for N, parts in [(5, [1, 1, 1, 1, 1]), (9, [1, 8])]:
        X, y, w, b = rng.normal(size=(N, 2)), rng.normal(size=N), rng.normal(size=2), 0.5
        r = X @ w + b - y
        w_new, b_new = accumulated_step(w, b, X, y, parts, 0.2)
        assert np.allclose(np.asarray(w_new, dtype=float), w - 0.2 * 2 * X.T @ r / N, rtol=1e-10, atol=1e-12), str(parts)
        assert abs(float(b_new) - (b - 0.2 * 2 * r.mean())) < 1e-10, str(parts)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (code: averaging gradients across ranks).** In data-parallel training each
# of $R$ ranks computes the gradient of its own mini-batch's mean loss, then an
# all-reduce makes every rank hold the same averaged gradient. Simulate it: write
# `average_gradients(grads_per_rank, batch_sizes=None)`, where `grads_per_rank` is a list
# of $R$ dicts, one per rank, all with the same keys (parameter names) and arrays of the
# same shapes. Return **one new dict** with the same keys holding the averaged gradients:
#
# - with `batch_sizes=None`, every rank had a batch of the same size, and the result is
#   the plain mean over the ranks (what DDP's all-reduce computes);
# - with `batch_sizes` a list of $R$ positive integers (rank $r$'s gradient is a mean over
#   `batch_sizes[r]` examples), return the gradient of the mean loss over **all** the
#   examples of all the ranks.
#
# The dicts of `grads_per_rank` and their arrays must be left as they were.

# %% [raw]
# # BEGIN SOLUTION

# %%
def average_gradients(grads_per_rank, batch_sizes=None):
    # BEGIN SOLUTION
    R = len(grads_per_rank)
    if batch_sizes is None:
        weights = [1.0 / R] * R
    else:
        weights = [n / sum(batch_sizes) for n in batch_sizes]   # each rank's share of the examples
    return {name: sum(c * np.asarray(g[name], dtype=float) for c, g in zip(weights, grads_per_rank))
            for name in grads_per_rank[0]}
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Three ranks with gradients for W (2, 3) and b (2,): the result is not the mean over the
  ranks (divide the sum by the number of ranks R = 3, not by the number of parameters,
  and do not leave it a sum), or a rank's dict or array was modified (accumulating into
  rank 0's arrays changes them: build new arrays).
""" # END TEST CONFIG
def test_average_plain(average_gradients):
    import numpy as np
    rng = np.random.default_rng(132)
    grads = [{"W": rng.normal(size=(2, 3)), "b": rng.normal(size=2)} for _ in range(3)]
    copies = [{k: v.copy() for k, v in g.items()} for g in grads]
    out = average_gradients(grads)
    for g, c in zip(grads, copies):
        assert set(g) == set(c) and all(np.array_equal(g[k], c[k]) for k in c), "a rank's gradients were modified"
    assert set(out) == {"W", "b"}, f"keys {sorted(out)}, expected [b, W]"
    for k in ("W", "b"):
        expected = (grads[0][k] + grads[1][k] + grads[2][k]) / 3
        got = np.asarray(out[k], dtype=float)
        assert got.shape == expected.shape, f"{k} has shape {got.shape}, expected {expected.shape}"
        assert np.allclose(got, expected, rtol=1e-12, atol=1e-15), f"{k} = {np.round(got, 4).tolist()}, expected {np.round(expected, 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Three ranks with batch sizes [4, 2, 6]: the result is not the gradient of the mean
  loss over all 12 examples. Rank r holds a mean over n_r examples, so its sum is
  n_r g_r: the result is sum_r n_r g_r / sum_r n_r, not the plain mean of the g_r and
  not sum_r n_r g_r divided by R. No argument may be modified.
""" # END TEST CONFIG
def test_average_weighted(average_gradients):
    import numpy as np
    rng = np.random.default_rng(133)
    grads = [{"w": rng.normal(size=3), "c": rng.normal(size=(1,))} for _ in range(3)]
    copies = [{k: v.copy() for k, v in g.items()} for g in grads]
    out = average_gradients(grads, [4, 2, 6])
    for g, c in zip(grads, copies):
        assert all(np.array_equal(g[k], c[k]) for k in c), "a rank's gradients were modified"
    for k in ("w", "c"):
        expected = (4 * grads[0][k] + 2 * grads[1][k] + 6 * grads[2][k]) / 12
        got = np.asarray(out[k], dtype=float)
        assert np.allclose(got, expected, rtol=1e-12, atol=1e-15), f"{k} = {np.round(got, 4).tolist()}, expected {np.round(expected, 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  average_gradients is wrong on unseen ranks (4 ranks, 3 parameters including a 0-d
  array; plain and with batch sizes [3, 7, 1, 5]), or modified its arguments.
""" # END TEST CONFIG
def test_average_hidden(average_gradients):
    import numpy as np
    rng = np.random.default_rng(1323)
    shapes = {"W1": (3, 2), "b1": (), "W2": (1, 3)}
    grads = [{k: rng.normal(size=s) for k, s in shapes.items()} for _ in range(4)]
    copies = [{k: v.copy() for k, v in g.items()} for g in grads]
    plain = average_gradients(grads)
    sizes = [3, 7, 1, 5]
    weighted = average_gradients(grads, sizes)
    for g, c in zip(grads, copies):
        assert all(np.array_equal(g[k], c[k]) for k in c)
    for k in shapes:
        assert np.allclose(np.asarray(plain[k], dtype=float), sum(g[k] for g in grads) / 4, rtol=1e-12, atol=1e-15), k
        assert np.allclose(np.asarray(weighted[k], dtype=float), sum(n * g[k] for n, g in zip(sizes, grads)) / 16, rtol=1e-12, atol=1e-15), k

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  average_gradients is wrong in an unseen edge case: a single rank (its gradients,
  unchanged, in a new dict), five ranks with one parameter, or equal batch sizes (the
  plain mean).
""" # END TEST CONFIG
def test_average_hidden_edges(average_gradients):
    import numpy as np
    rng = np.random.default_rng(1324)
    one = {"a": rng.normal(size=(2, 2)), "z": rng.normal(size=4)}
    out = average_gradients([one])
    assert all(np.allclose(np.asarray(out[k], dtype=float), one[k], rtol=1e-15) for k in one)
    five = [{"v": rng.normal(size=3)} for _ in range(5)]
    out = average_gradients(five)
    assert np.allclose(np.asarray(out["v"], dtype=float), sum(g["v"] for g in five) / 5, rtol=1e-12)
    out = average_gradients(five, [2, 2, 2, 2, 2])
    assert np.allclose(np.asarray(out["v"], dtype=float), sum(g["v"] for g in five) / 5, rtol=1e-12)
    out = average_gradients(five, [1, 3, 2, 5, 9])
    assert np.allclose(np.asarray(out["v"], dtype=float), sum(n * g["v"] for n, g in zip([1, 3, 2, 5, 9], five)) / 20, rtol=1e-12)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (design: a checkpoint that resumes exactly).** `adam_train_steps` below
# trains a linear regression $\hat y = X w$ with Adam on mini-batches of `batch_size`
# rows drawn by a numpy random generator `rng`. Like a torch optimizer, it updates the
# arrays `w`, `m` (Adam's first moment) and `v` (its second moment) **in place**; it takes
# the number of steps already done, `step`, and returns the new count. Do not change it.
#
# A job runs `n_steps` steps from `w = m = v = 0` (float arrays of shape $(d,)$),
# `step = 0` and `rng = np.random.default_rng(seed)`, and wants a checkpoint after
# `save_at` steps ($0 \le$ `save_at` $\le$ `n_steps`) from which a fresh process can
# resume **bit for bit** as if it had never stopped. A checkpoint is a dict of plain
# data with exactly these keys: `"step"` (an int), `"w"`, `"m"`, `"v"` (arrays) and
# `"rng"`, the generator's state as `rng.bit_generator.state` (a dict).
#
# Write two functions:
#
# - `train_and_checkpoint(seed, X, y, lr, batch_size, n_steps, save_at)` runs the job and
#   returns the pair `(checkpoint, w_final)`: the checkpoint as it was after `save_at`
#   steps, and `w` after all `n_steps`;
# - `resume(checkpoint, X, y, lr, batch_size, n_steps)` rebuilds the training state from
#   a checkpoint alone (nothing else survives the restart), runs `n_steps` more steps, and
#   returns the checkpoint after them. It must not modify the checkpoint it is given.
#
# Think about which of these objects `adam_train_steps` changes behind your back, and
# what a new generator needs to continue the same random stream.

# %%
def adam_train_steps(w, m, v, step, rng, X, y, n_steps, lr, batch_size):
    """n_steps of Adam (betas 0.9, 0.999, eps 1e-8) on random mini-batches; updates w, m, v
    in place and returns the new step count."""
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for _ in range(n_steps):
        idx = rng.choice(len(y), size=batch_size, replace=False)
        g = 2.0 / batch_size * X[idx].T @ (X[idx] @ w - y[idx])
        step += 1
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        m_hat, v_hat = m / (1 - beta1 ** step), v / (1 - beta2 ** step)
        w -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return step

# %% [raw]
# # BEGIN SOLUTION

# %%
def train_and_checkpoint(seed, X, y, lr, batch_size, n_steps, save_at):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    # BEGIN SOLUTION
    d = X.shape[1]
    w, m, v = np.zeros(d), np.zeros(d), np.zeros(d)
    rng = np.random.default_rng(seed)
    step = adam_train_steps(w, m, v, 0, rng, X, y, save_at, lr, batch_size)
    # copies: adam_train_steps goes on changing w, m and v in place
    checkpoint = {"step": step, "w": w.copy(), "m": m.copy(), "v": v.copy(), "rng": rng.bit_generator.state}
    adam_train_steps(w, m, v, step, rng, X, y, n_steps - save_at, lr, batch_size)
    return checkpoint, w
    # END SOLUTION


def resume(checkpoint, X, y, lr, batch_size, n_steps):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    # BEGIN SOLUTION
    w, m, v = (np.array(checkpoint[k], dtype=float) for k in ("w", "m", "v"))   # copies
    rng = np.random.default_rng()
    rng.bit_generator.state = checkpoint["rng"]          # the same stream, where it stopped
    step = adam_train_steps(w, m, v, int(checkpoint["step"]), rng, X, y, n_steps, lr, batch_size)
    return {"step": step, "w": w, "m": m, "v": v, "rng": rng.bit_generator.state}
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  train_and_checkpoint(seed = 3, n_steps = 9, save_at = 4) on 20 rows: the checkpoint
  does not hold the state after 4 steps, or w_final is not w after 9. adam_train_steps
  updates w, m and v in place, so a checkpoint that stores those arrays themselves
  (not copies) ends up holding the final values; the rng entry is
  rng.bit_generator.state read after the 4 steps (not at the start); step counts the
  steps done.
""" # END TEST CONFIG
def test_checkpoint_contents(train_and_checkpoint):
    import numpy as np

    def run(w, m, v, step, rng, X, y, n, lr, bs):
        for _ in range(n):
            idx = rng.choice(len(y), size=bs, replace=False)
            g = 2.0 / bs * X[idx].T @ (X[idx] @ w - y[idx])
            step += 1
            m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
            w = w - lr * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
        return w, m, v, step

    data = np.random.default_rng(134)
    X, y = data.normal(size=(20, 3)), data.normal(size=20)
    rng = np.random.default_rng(3)
    w, m, v, step = run(np.zeros(3), np.zeros(3), np.zeros(3), 0, rng, X, y, 4, 0.05, 5)
    state = rng.bit_generator.state
    w_end, *_ = run(w, m, v, step, rng, X, y, 5, 0.05, 5)
    ck, w_final = train_and_checkpoint(3, X, y, 0.05, 5, 9, 4)
    assert set(ck) == {"step", "w", "m", "v", "rng"}, f"checkpoint keys {sorted(ck)}, expected [m, rng, step, v, w]"
    assert int(ck["step"]) == 4, f"checkpoint step = {ck['step']}, expected 4"
    for k, expected in (("w", w), ("m", m), ("v", v)):
        got = np.asarray(ck[k], dtype=float)
        assert np.allclose(got, expected, rtol=1e-12, atol=1e-15), f"checkpoint {k} = {np.round(got, 5).tolist()}, expected {np.round(expected, 5).tolist()} (the values after 4 steps)"
    assert dict(ck["rng"]) == state, "the checkpoint's rng state is not the generator's state after 4 steps"
    assert np.allclose(np.asarray(w_final, dtype=float), w_end, rtol=1e-12, atol=1e-15), f"w_final = {np.round(np.asarray(w_final, dtype=float), 5).tolist()}, expected {np.round(w_end, 5).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  resume from a correct checkpoint taken after 5 steps, run for 6 more, does not end
  where 11 uninterrupted steps end, or modified the checkpoint it was given. A resumed
  run needs all of it: the moments m and v (not zeros), the step count (Adam's bias
  correction 1 - beta^step must not start over), and a generator whose
  bit_generator.state is set to the saved state (a new default_rng draws other
  mini-batches). Train on copies of the saved arrays.
""" # END TEST CONFIG
def test_resume_from_checkpoint(resume):
    import numpy as np

    def run(w, m, v, step, rng, X, y, n, lr, bs):
        for _ in range(n):
            idx = rng.choice(len(y), size=bs, replace=False)
            g = 2.0 / bs * X[idx].T @ (X[idx] @ w - y[idx])
            step += 1
            m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
            w = w - lr * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
        return w, m, v, step

    data = np.random.default_rng(135)
    X, y = data.normal(size=(16, 2)), data.normal(size=16)
    rng = np.random.default_rng(11)
    w, m, v, step = run(np.zeros(2), np.zeros(2), np.zeros(2), 0, rng, X, y, 5, 0.1, 4)
    ck = {"step": 5, "w": w.copy(), "m": m.copy(), "v": v.copy(), "rng": rng.bit_generator.state}
    copy = {k: (val.copy() if isinstance(val, np.ndarray) else val) for k, val in ck.items()}
    w_end, m_end, v_end, _ = run(w, m, v, step, rng, X, y, 6, 0.1, 4)
    out = resume(ck, X, y, 0.1, 4, 6)
    for k in ("w", "m", "v"):
        assert np.array_equal(ck[k], copy[k]), f"resume modified checkpoint[{k!r}]"
    assert ck["step"] == 5 and ck["rng"] == copy["rng"], "resume modified the checkpoint"
    assert int(out["step"]) == 11, f"step = {out['step']}, expected 11"
    for k, expected in (("w", w_end), ("m", m_end), ("v", v_end)):
        got = np.asarray(out[k], dtype=float)
        assert np.allclose(got, expected, rtol=1e-12, atol=1e-15), f"{k} after resuming = {np.round(got, 5).tolist()}, expected {np.round(expected, 5).tolist()}"
    assert dict(out["rng"]) == rng.bit_generator.state, "the rng state after resuming differs from 11 uninterrupted steps"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The round trip is not exact: train_and_checkpoint(seed = 8, n_steps = 6, save_at = 3)
  then resume(checkpoint, n_steps = 3) must give the same w as the job's own w_final,
  to the last bit.
""" # END TEST CONFIG
def test_round_trip(train_and_checkpoint, resume):
    import numpy as np
    data = np.random.default_rng(136)
    X, y = data.normal(size=(12, 4)), data.normal(size=12)
    ck, w_final = train_and_checkpoint(8, X, y, 0.2, 3, 6, 3)
    out = resume(ck, X, y, 0.2, 3, 3)
    assert np.allclose(np.asarray(out["w"], dtype=float), np.asarray(w_final, dtype=float), rtol=1e-13, atol=1e-15), f"resumed w = {np.round(np.asarray(out['w'], dtype=float), 6).tolist()}, uninterrupted w = {np.round(np.asarray(w_final, dtype=float), 6).tolist()}"
    assert int(out["step"]) == 6, f"step after resuming = {out['step']}, expected 6"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  An unseen run (25 rows, d = 3, seed 21, save at 7 of 15 steps, batch 6) is not
  resumed exactly, the checkpoint is wrong, or resume modified its checkpoint.
""" # END TEST CONFIG
def test_checkpoint_hidden(train_and_checkpoint, resume):
    import numpy as np

    def run(w, m, v, step, rng, X, y, n, lr, bs):
        for _ in range(n):
            idx = rng.choice(len(y), size=bs, replace=False)
            g = 2.0 / bs * X[idx].T @ (X[idx] @ w - y[idx])
            step += 1
            m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
            w = w - lr * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
        return w, m, v, step

    data = np.random.default_rng(1336)
    X, y = data.normal(size=(25, 3)), data.normal(size=25)
    rng = np.random.default_rng(21)
    w, m, v, step = run(np.zeros(3), np.zeros(3), np.zeros(3), 0, rng, X, y, 7, 0.03, 6)
    state = rng.bit_generator.state
    w_end, m_end, v_end, _ = run(w, m, v, step, rng, X, y, 8, 0.03, 6)
    ck, w_final = train_and_checkpoint(21, X, y, 0.03, 6, 15, 7)
    assert int(ck["step"]) == 7 and dict(ck["rng"]) == state
    assert np.allclose(np.asarray(ck["m"], dtype=float), m, rtol=1e-12, atol=1e-15)
    assert np.allclose(np.asarray(w_final, dtype=float), w_end, rtol=1e-12, atol=1e-15)
    mine = {"step": 7, "w": w.copy(), "m": m.copy(), "v": v.copy(), "rng": state}
    out = resume(mine, X, y, 0.03, 6, 8)
    assert np.array_equal(mine["w"], w) and np.array_equal(mine["m"], m) and np.array_equal(mine["v"], v)
    assert int(out["step"]) == 15
    for k, expected in (("w", w_end), ("m", m_end), ("v", v_end)):
        assert np.allclose(np.asarray(out[k], dtype=float), expected, rtol=1e-12, atol=1e-15), k

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  An unseen edge case: a checkpoint at step 0 (zeros and the generator's initial state),
  a checkpoint at the very end (save_at = n_steps), or resuming for 0 steps (the same
  checkpoint back).
""" # END TEST CONFIG
def test_checkpoint_hidden_edges(train_and_checkpoint, resume):
    import numpy as np
    data = np.random.default_rng(1337)
    X, y = data.normal(size=(10, 2)), data.normal(size=10)
    ck, w_final = train_and_checkpoint(5, X, y, 0.1, 2, 4, 0)
    assert int(ck["step"]) == 0 and dict(ck["rng"]) == np.random.default_rng(5).bit_generator.state
    assert np.array_equal(np.asarray(ck["w"], dtype=float), np.zeros(2)) and np.array_equal(np.asarray(ck["v"], dtype=float), np.zeros(2))
    out = resume(ck, X, y, 0.1, 2, 4)
    assert np.allclose(np.asarray(out["w"], dtype=float), np.asarray(w_final, dtype=float), rtol=1e-13, atol=1e-15)
    end, w_end = train_and_checkpoint(5, X, y, 0.1, 2, 4, 4)
    assert int(end["step"]) == 4 and np.allclose(np.asarray(end["w"], dtype=float), np.asarray(w_final, dtype=float), rtol=1e-13)
    same = resume(end, X, y, 0.1, 2, 0)
    assert int(same["step"]) == 4 and dict(same["rng"]) == dict(end["rng"])
    assert np.array_equal(np.asarray(same["m"], dtype=float), np.asarray(end["m"], dtype=float))

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (code: the loss scaler of fp16 training).** In fp16 training the loss is
# multiplied by a scale before the backward pass, so that small gradients do not flush
# to zero; the gradients are divided by it again before the optimizer step. A scale
# that is too large overflows: some gradient becomes `inf` or `nan`. `torch.amp.GradScaler`
# therefore adapts the scale after every iteration:
#
# - if an `inf` or `nan` was found in the (scaled) gradients, the optimizer step is
#   **skipped**, the scale is multiplied by `backoff_factor` (below 1), and the count of
#   successful steps in a row, `growth_tracker`, goes back to 0;
# - otherwise the step is taken and the count grows by one; when it reaches
#   `growth_interval`, the scale is multiplied by `growth_factor` (above 1) and the count
#   goes back to 0.
#
# Write `scaler_update(scale, found_inf, growth_tracker, growth_interval, growth_factor,
# backoff_factor)` for one iteration, returning the triple
# `(new_scale, new_growth_tracker, step_taken)` (a float, an int and a bool). The tests
# compare a run of your function with a run of `torch.amp.GradScaler` on the CPU.

# %% [raw]
# # BEGIN SOLUTION

# %%
def scaler_update(scale, found_inf, growth_tracker, growth_interval, growth_factor, backoff_factor):
    # BEGIN SOLUTION
    if found_inf:
        return scale * backoff_factor, 0, False        # skip the step, back off, start counting again
    growth_tracker += 1
    if growth_tracker == growth_interval:
        return scale * growth_factor, 0, True
    return scale, growth_tracker, True
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  A run of 12 iterations (growth_interval 3, growth_factor 2, backoff_factor 0.5,
  starting at 1024 with growth_tracker 0) differs from torch.amp.GradScaler. On an
  overflow the step is skipped (step_taken False), the scale multiplied by
  backoff_factor and the tracker reset to 0; the scale grows on the growth_interval-th
  successful step in a row (not one later), and the tracker then starts again from 0.
""" # END TEST CONFIG
def test_scaler_run(scaler_update):
    import math
    import torch
    p = torch.nn.Parameter(torch.zeros(2))
    opt = torch.optim.SGD([p], lr=1.0)
    scaler = torch.amp.GradScaler("cpu", init_scale=1024.0, growth_factor=2.0, backoff_factor=0.5, growth_interval=3)
    scaler.scale(torch.tensor(1.0))
    scale, tracker = 1024.0, 0
    for i, inf in enumerate([False, False, False, True, False, False, True, False, False, False, False, True]):
        before = p.detach().clone()
        p.grad = torch.tensor([math.inf if inf else 1.0, 1.0]) * scaler.get_scale()
        scaler.step(opt)
        scaler.update()
        taken = not torch.equal(before, p.detach())
        scale, tracker, step_taken = scaler_update(scale, inf, tracker, 3, 2.0, 0.5)
        expected = (scaler.get_scale(), scaler._growth_tracker.item(), taken)
        assert (float(scale), int(tracker), bool(step_taken)) == expected, f"iteration {i} (found_inf = {inf}): got {(float(scale), int(tracker), bool(step_taken))}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Single iterations from given states differ from torch's update rule: an overflow with
  growth_tracker 2 of 4 (back off, tracker 0, no step), growth_tracker 3 of 4 and no
  overflow (grow, tracker 0), growth_interval 1 (grow after every good step), and
  growth_tracker 1 of 4 (no change of scale, tracker 2).
""" # END TEST CONFIG
def test_scaler_single(scaler_update):
    import torch
    cases = [(256.0, True, 2, 4), (256.0, False, 3, 4), (256.0, False, 0, 1), (256.0, False, 1, 4), (8.0, True, 0, 1)]
    for scale, inf, tracker, interval in cases:
        s, t = torch.tensor([scale]), torch.tensor([tracker], dtype=torch.int32)
        torch._amp_update_scale_(s, t, torch.tensor([1.0 if inf else 0.0]), 2.0, 0.5, interval)
        expected = (s.item(), t.item(), not inf)
        got = scaler_update(scale, inf, tracker, interval, 2.0, 0.5)
        got = (float(got[0]), int(got[1]), bool(got[2]))
        assert got == expected, f"scale {scale}, found_inf {inf}, tracker {tracker} of {interval}: got {got}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  scaler_update differs from torch.amp.GradScaler on an unseen run of 20 iterations
  (growth_interval 4, growth_factor 1.5, backoff_factor 0.25).
""" # END TEST CONFIG
def test_scaler_hidden(scaler_update):
    import math
    import torch
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=1.0)
    scaler = torch.amp.GradScaler("cpu", init_scale=4096.0, growth_factor=1.5, backoff_factor=0.25, growth_interval=4)
    scaler.scale(torch.tensor(1.0))
    scale, tracker = 4096.0, 0
    flags = [0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    for inf in flags:
        before = p.detach().clone()
        p.grad = torch.tensor([math.nan if inf else 0.5]) * scaler.get_scale()
        scaler.step(opt)
        scaler.update()
        scale, tracker, step_taken = scaler_update(scale, bool(inf), tracker, 4, 1.5, 0.25)
        assert abs(float(scale) - scaler.get_scale()) <= 1e-6 * scaler.get_scale()
        assert int(tracker) == scaler._growth_tracker.item()
        assert bool(step_taken) == (not torch.equal(before, p.detach()))

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  scaler_update is wrong in an unseen edge case: three overflows in a row (the scale
  backs off three times, no step taken), or 10 good steps with growth_interval 2 (five
  growths).
""" # END TEST CONFIG
def test_scaler_hidden_edges(scaler_update):
    scale, tracker = 65536.0, 1
    for _ in range(3):
        scale, tracker, taken = scaler_update(scale, True, tracker, 5, 2.0, 0.5)
        assert int(tracker) == 0 and not bool(taken)
    assert abs(float(scale) - 8192.0) < 1e-9
    scale, tracker, grown = 1.0, 0, []
    for _ in range(10):
        scale, tracker, taken = scaler_update(scale, False, tracker, 2, 2.0, 0.5)
        assert bool(taken)
        grown.append(float(scale))
    assert grown == [1.0, 2.0, 2.0, 4.0, 4.0, 8.0, 8.0, 16.0, 16.0, 32.0] and int(tracker) == 0

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (predict: the memory of training in fp32 and in bf16).** Before renting a
# GPU, predict how much memory the training **state** of a model with `n_params`
# parameters takes (activations and the framework's own buffers aside). Count, in bytes:
#
# - `"weights"`: the parameters the forward pass uses;
# - `"gradients"`: one gradient per parameter, in the dtype of the weights;
# - `"master"`: an fp32 master copy of the weights, kept only by mixed precision;
# - `"optimizer"`: the optimizer's state per parameter: none for `"sgd"`, one buffer
#   (the velocity) for `"momentum"`, two (the first and second moments) for `"adam"`;
#   step counters are ignored.
#
# The `precision` is one of:
#
# - `"fp32"`: everything in float32 (4 bytes);
# - `"bf16-mixed"`: weights and gradients in bfloat16 (2 bytes), and an fp32 master copy
#   that the optimizer updates, with its state in fp32;
# - `"bf16"`: everything in bfloat16, no master copy (the optimizer state in bfloat16
#   too, as `torch.optim` keeps it for bf16 parameters).
#
# Write `training_memory_bytes(n_params, precision, optimizer)` returning a dict of those
# four counts (ints), and `max_params(memory_bytes, precision, optimizer)` returning the
# largest number of parameters whose training state fits in `memory_bytes`. (Check your
# prediction: does mixed precision save memory with Adam?)

# %% [raw]
# # BEGIN SOLUTION

# %%
def training_memory_bytes(n_params, precision, optimizer):
    # BEGIN SOLUTION
    buffers = {"sgd": 0, "momentum": 1, "adam": 2}[optimizer]
    if precision == "fp32":
        per = {"weights": 4, "gradients": 4, "master": 0, "optimizer": 4 * buffers}
    elif precision == "bf16-mixed":
        per = {"weights": 2, "gradients": 2, "master": 4, "optimizer": 4 * buffers}   # fp32 state
    else:
        per = {"weights": 2, "gradients": 2, "master": 0, "optimizer": 2 * buffers}
    return {k: b * int(n_params) for k, b in per.items()}


def max_params(memory_bytes, precision, optimizer):
    per_param = sum(training_memory_bytes(1, precision, optimizer).values())
    return int(memory_bytes) // per_param                 # rounded down: it must fit
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For Adam on 1234 parameters the counts differ from what torch allocates (measured on
  tensors of that size). fp32: 4 bytes of weights, 4 of gradients and two fp32 moments
  per parameter. bf16: 2 + 2 and two bf16 moments. bf16-mixed: 2 + 2 for the bf16
  weights and gradients, plus a 4-byte fp32 master copy, plus two fp32 moments (the
  optimizer runs on the master copy): 16 bytes per parameter, as many as fp32.
""" # END TEST CONFIG
def test_memory_adam(training_memory_bytes):
    import torch
    n = 1234

    def measure(dtype):
        p = torch.nn.Parameter(torch.zeros(n, dtype=dtype))
        p.grad = torch.ones(n, dtype=dtype)
        opt = torch.optim.Adam([p])
        opt.step()
        state = sum(t.numel() * t.element_size() for k, t in opt.state[p].items() if k != "step")
        return p.numel() * p.element_size(), p.grad.numel() * p.grad.element_size(), state

    w32, g32, s32 = measure(torch.float32)
    w16, g16, s16 = measure(torch.bfloat16)
    expected = {"fp32": {"weights": w32, "gradients": g32, "master": 0, "optimizer": s32},
                "bf16": {"weights": w16, "gradients": g16, "master": 0, "optimizer": s16},
                "bf16-mixed": {"weights": w16, "gradients": g16, "master": w32, "optimizer": s32}}
    for precision, exp in expected.items():
        got = {k: int(v) for k, v in training_memory_bytes(n, precision, "adam").items()}
        assert got == exp, f"{precision}, adam: got {got}, expected {exp}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  SGD and momentum (n = 1000), or max_params: momentum keeps one buffer (4 bytes in
  fp32 and under bf16-mixed, 2 in bf16), SGD none. max_params is the memory divided by
  the bytes per parameter, rounded down (a model that does not fit is of no use):
  80 GB (80e9 bytes) holds 5e9 parameters with Adam under bf16-mixed, and 1001 bytes
  hold 62 parameters, not 63.
""" # END TEST CONFIG
def test_memory_sgd_and_max(training_memory_bytes, max_params):
    cases = [("fp32", "sgd", (4, 4, 0, 0)), ("fp32", "momentum", (4, 4, 0, 4)),
             ("bf16-mixed", "momentum", (2, 2, 4, 4)), ("bf16", "momentum", (2, 2, 0, 2)), ("bf16-mixed", "sgd", (2, 2, 4, 0))]
    for precision, opt, per in cases:
        exp = {k: 1000 * b for k, b in zip(("weights", "gradients", "master", "optimizer"), per)}
        got = {k: int(v) for k, v in training_memory_bytes(1000, precision, opt).items()}
        assert got == exp, f"{precision}, {opt}: got {got}, expected {exp}"
    for mem, precision, opt, exp in [(80 * 10**9, "bf16-mixed", "adam", 5 * 10**9), (1001, "fp32", "adam", 62),
                                     (1001, "bf16-mixed", "momentum", 83), (24 * 2**30, "bf16", "momentum", 4 * 2**30)]:
        got = int(max_params(mem, precision, opt))
        assert got == exp, f"max_params({mem}, {precision}, {opt}) = {got}, expected {exp}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  training_memory_bytes is wrong for an unseen model (7,000,001 parameters) under some
  precision and optimizer.
""" # END TEST CONFIG
def test_memory_hidden(training_memory_bytes):
    n = 7_000_001
    table = {"fp32": (4, 4, 0, 4), "bf16-mixed": (2, 2, 4, 4), "bf16": (2, 2, 0, 2)}
    for precision, (w, g, m, s) in table.items():
        for opt, buffers in (("sgd", 0), ("momentum", 1), ("adam", 2)):
            exp = {"weights": w * n, "gradients": g * n, "master": m * n, "optimizer": s * buffers * n}
            assert {k: int(v) for k, v in training_memory_bytes(n, precision, opt).items()} == exp, f"{precision} {opt}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  max_params is wrong on unseen memories (a 40 GiB and a 141 GB card, 999 bytes, and a
  memory too small for one parameter).
""" # END TEST CONFIG
def test_max_params_hidden(max_params):
    cases = [(40 * 2**30, "bf16-mixed", "adam", 40 * 2**30 // 16), (141 * 10**9, "fp32", "momentum", 141 * 10**9 // 12),
             (999, "bf16-mixed", "momentum", 83), (999, "bf16", "adam", 124), (7, "fp32", "sgd", 0), (141 * 10**9, "bf16", "adam", 141 * 10**9 // 8)]
    for mem, precision, opt, exp in cases:
        assert int(max_params(mem, precision, opt)) == exp, f"{mem} {precision} {opt}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (debug: a data-parallel training loop).** `buggy_ddp_train` simulates
# DistributedDataParallel on the CPU: the `world_size` ranks run in one process, the
# inner `for rank` loops standing for the code every rank runs. It is meant to do this:
#
# - each rank reads its share of the data through
#   `torch.utils.data.DistributedSampler(shuffle=True, seed=seed)`, which must be
#   **reshuffled every epoch** (a new permutation, the same on every rank);
# - each rank cuts its indices into consecutive micro-batches of `batch_size` rows and
#   accumulates the gradients of `accum_steps` micro-batches before a step, so that the
#   accumulated gradient is that of the **mean** loss over the `accum_steps`
#   micro-batches;
# - then the ranks' gradients are averaged (the all-reduce) and one SGD step with
#   learning rate `lr` is taken;
# - at the end of each epoch **only rank 0** saves a checkpoint: the simulated save
#   appends `(epoch, rank)` to the list `writes`.
#
# In every test the number of indices per rank is a multiple of
# `batch_size * accum_steps`. It returns `(w, writes)`. It has **three bugs**. Find them
# and write the corrected `ddp_train` in the cell after it, with the same arguments;
# `w`, `X` and `y` must not be modified.

# %%
import torch
from torch.utils.data import DistributedSampler


def buggy_ddp_train(w, X, y, world_size, n_epochs, batch_size, accum_steps, lr, seed):
    w, X, y = np.array(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    samplers = [DistributedSampler(range(len(y)), num_replicas=world_size, rank=rank, shuffle=True, seed=seed)
                for rank in range(world_size)]
    writes = []
    for epoch in range(n_epochs):
        order = [np.array(list(sampler)) for sampler in samplers]   # the indices each rank reads
        grads = [np.zeros_like(w) for _ in range(world_size)]
        for i in range(len(order[0]) // batch_size):
            for rank in range(world_size):
                idx = order[rank][i * batch_size:(i + 1) * batch_size]
                grads[rank] += 2.0 / batch_size * X[idx].T @ (X[idx] @ w - y[idx])   # loss.backward()
            if (i + 1) % accum_steps == 0:
                w = w - lr * sum(grads) / world_size                                  # all-reduce, step
                grads = [np.zeros_like(w) for _ in range(world_size)]
        for rank in range(world_size):
            writes.append((epoch, rank))                                              # torch.save(...)
    return w, writes

# %% [raw]
# # BEGIN SOLUTION

# %%
def ddp_train(w, X, y, world_size, n_epochs, batch_size, accum_steps, lr, seed):
    # BEGIN SOLUTION
    w, X, y = np.array(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    samplers = [DistributedSampler(range(len(y)), num_replicas=world_size, rank=rank, shuffle=True, seed=seed)
                for rank in range(world_size)]
    writes = []
    for epoch in range(n_epochs):
        for sampler in samplers:
            sampler.set_epoch(epoch)                   # a new permutation every epoch
        order = [np.array(list(sampler)) for sampler in samplers]
        grads = [np.zeros_like(w) for _ in range(world_size)]
        for i in range(len(order[0]) // batch_size):
            for rank in range(world_size):
                idx = order[rank][i * batch_size:(i + 1) * batch_size]
                # (loss / accum_steps).backward(): the mean over the accumulated micro-batches
                grads[rank] += 2.0 / batch_size * X[idx].T @ (X[idx] @ w - y[idx]) / accum_steps
            if (i + 1) % accum_steps == 0:
                w = w - lr * sum(grads) / world_size
                grads = [np.zeros_like(w) for _ in range(world_size)]
        for rank in range(world_size):
            if rank == 0:                              # one writer, not world_size of them
                writes.append((epoch, rank))
    return w, writes
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Three epochs on 24 rows, 2 ranks, micro-batches of 3, accum_steps 2: the weights
  differ from a correct DDP run. The bugs to look for: the sampler is never told the
  epoch (call sampler.set_epoch(epoch) on every rank before reading it: without it
  every epoch repeats the first one's order); the accumulated gradient is a sum over
  accum_steps micro-batches (divide each micro-batch's loss by accum_steps); the
  all-reduce must average over the ranks, not sum.
""" # END TEST CONFIG
def test_ddp_weights(ddp_train):
    import numpy as np
    from torch.utils.data import DistributedSampler

    def reference(w, X, y, R, epochs, bs, acc, lr, seed):
        samplers = [DistributedSampler(range(len(y)), num_replicas=R, rank=r, shuffle=True, seed=seed) for r in range(R)]
        for epoch in range(epochs):
            for s in samplers:
                s.set_epoch(epoch)
            order = [np.array(list(s)) for s in samplers]
            for start in range(0, len(order[0]), bs * acc):
                g = np.zeros_like(w)
                for r in range(R):
                    idx = order[r][start:start + bs * acc]          # acc micro-batches of equal size
                    g += 2.0 / len(idx) * X[idx].T @ (X[idx] @ w - y[idx]) / R
                w = w - lr * g
        return w

    rng = np.random.default_rng(137)
    X, y, w = rng.normal(size=(24, 3)), rng.normal(size=24), rng.normal(size=3)
    expected = reference(w.copy(), X, y, 2, 3, 3, 2, 0.05, 4)
    got, _ = ddp_train(w, X, y, 2, 3, 3, 2, 0.05, 4)
    got = np.asarray(got, dtype=float)
    assert got.shape == (3,), f"w has shape {got.shape}, expected (3,)"
    assert np.allclose(got, expected, rtol=1e-10, atol=1e-12), f"w = {np.round(got, 5).tolist()}, expected {np.round(expected, 5).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With 3 ranks and 2 epochs the list of checkpoint writes is not [(0, 0), (1, 0)]: every
  rank runs the saving code, so only rank 0 may write (if rank == 0), once per epoch;
  otherwise the ranks write the same file at once. Or ddp_train modified w, X or y.
""" # END TEST CONFIG
def test_ddp_writes(ddp_train):
    import numpy as np
    rng = np.random.default_rng(138)
    X, y, w = rng.normal(size=(18, 2)), rng.normal(size=18), rng.normal(size=2)
    copies = X.copy(), y.copy(), w.copy()
    _, writes = ddp_train(w, X, y, 3, 2, 2, 1, 0.1, 0)
    got = [tuple(int(a) for a in entry) for entry in writes]
    assert got == [(0, 0), (1, 0)], f"writes = {got}, expected [(0, 0), (1, 0)]"
    for a, c in zip((X, y, w), copies):
        assert np.array_equal(a, c), "ddp_train modified w, X or y"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  22 rows on 4 ranks (the sampler pads to 24: 6 indices per rank), 2 epochs, micro-batches
  of 2 and accum_steps 3: the weights differ from a correct run. Check set_epoch, the
  division by accum_steps and the mean over ranks.
""" # END TEST CONFIG
def test_ddp_padded(ddp_train):
    import numpy as np
    from torch.utils.data import DistributedSampler
    rng = np.random.default_rng(139)
    X, y, w = rng.normal(size=(22, 2)), rng.normal(size=22), rng.normal(size=2)
    R, epochs, bs, acc, lr, seed = 4, 2, 2, 3, 0.1, 9
    samplers = [DistributedSampler(range(22), num_replicas=R, rank=r, shuffle=True, seed=seed) for r in range(R)]
    expected = w.copy()
    for epoch in range(epochs):
        for s in samplers:
            s.set_epoch(epoch)
        order = [np.array(list(s)) for s in samplers]
        g = sum(2.0 / 6 * X[o].T @ (X[o] @ expected - y[o]) for o in order) / R   # one step per epoch
        expected = expected - lr * g
    got, writes = ddp_train(w, X, y, R, epochs, bs, acc, lr, seed)
    assert np.allclose(np.asarray(got, dtype=float), expected, rtol=1e-10, atol=1e-12), f"w = {np.round(np.asarray(got, dtype=float), 5).tolist()}, expected {np.round(expected, 5).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  ddp_train differs from a correct DDP run on an unseen job (36 rows, 3 ranks, 4 epochs,
  micro-batches of 2, accum_steps 3), in its weights or its checkpoint writes.
""" # END TEST CONFIG
def test_ddp_hidden(ddp_train):
    import numpy as np
    from torch.utils.data import DistributedSampler
    rng = np.random.default_rng(1339)
    X, y, w = rng.normal(size=(36, 4)), rng.normal(size=36), rng.normal(size=4)
    R, epochs, bs, acc, lr, seed = 3, 4, 2, 3, 0.03, 77
    samplers = [DistributedSampler(range(36), num_replicas=R, rank=r, shuffle=True, seed=seed) for r in range(R)]
    expected = w.copy()
    for epoch in range(epochs):
        for s in samplers:
            s.set_epoch(epoch)
        order = [np.array(list(s)) for s in samplers]
        for start in range(0, 12, bs * acc):
            g = sum(2.0 / (bs * acc) * X[o[start:start + bs * acc]].T @ (X[o[start:start + bs * acc]] @ expected - y[o[start:start + bs * acc]]) for o in order) / R
            expected = expected - lr * g
    got, writes = ddp_train(w, X, y, R, epochs, bs, acc, lr, seed)
    assert np.allclose(np.asarray(got, dtype=float), expected, rtol=1e-10, atol=1e-12)
    assert [tuple(int(a) for a in e) for e in writes] == [(e, 0) for e in range(epochs)]

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  ddp_train is wrong in an unseen edge case: one rank with accum_steps 2 over 3 epochs,
  or 5 ranks with accum_steps 1, in its weights or its writes.
""" # END TEST CONFIG
def test_ddp_hidden_edges(ddp_train):
    import numpy as np
    from torch.utils.data import DistributedSampler
    rng = np.random.default_rng(1340)
    for N, R, epochs, bs, acc in [(8, 1, 3, 2, 2), (20, 5, 2, 2, 1)]:
        X, y, w = rng.normal(size=(N, 2)), rng.normal(size=N), rng.normal(size=2)
        samplers = [DistributedSampler(range(N), num_replicas=R, rank=r, shuffle=True, seed=1) for r in range(R)]
        expected = w.copy()
        for epoch in range(epochs):
            for s in samplers:
                s.set_epoch(epoch)
            order = [np.array(list(s)) for s in samplers]
            for start in range(0, N // R, bs * acc):
                g = sum(2.0 / (bs * acc) * X[o[start:start + bs * acc]].T @ (X[o[start:start + bs * acc]] @ expected - y[o[start:start + bs * acc]]) for o in order) / R
                expected = expected - 0.1 * g
        got, writes = ddp_train(w, X, y, R, epochs, bs, acc, 0.1, 1)
        assert np.allclose(np.asarray(got, dtype=float), expected, rtol=1e-10, atol=1e-12), f"R = {R}"
        assert [tuple(int(a) for a in e) for e in writes] == [(e, 0) for e in range(epochs)], f"R = {R}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION
