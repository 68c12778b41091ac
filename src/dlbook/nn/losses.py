"""Loss functions and their gradients (chapter 3).

Every loss here is an *empirical* loss: the mean of a per-example loss over
the batch, J = (1/n) sum_i L(y_hat_i, y_i), so its size does not grow with n.
Each gradient sits right below the loss it differentiates and is the gradient
of J itself, so it carries the factor 1/n. Everything is float64 numpy.

Heads and losses (chapter 3.6): an identity output with ``mse``, a sigmoid
output with ``binary_cross_entropy_with_logits``, a softmax output with
``softmax_cross_entropy``. The two cross-entropies take the *logits* z, before
the sigmoid or softmax, because that is where they can be computed stably.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlbook.nn.activations import sigmoid

Array = NDArray[np.float64]


def _f64(a: ArrayLike) -> Array:
    return np.asarray(a, dtype=np.float64)


# --8<-- [start:mse]
def mse(y_hat: ArrayLike, y: ArrayLike) -> float:
    """Mean squared error J = (1/N) sum (y_hat - y)^2 over all N entries.

    y_hat, y: the same shape, (n,) or (n, k). Like torch's ``mse_loss``,
    a batch of n examples with k outputs each averages over all N = n k.
    """
    y_hat, y = _f64(y_hat), _f64(y)
    return float(np.mean((y_hat - y) ** 2))


def mse_grad(y_hat: ArrayLike, y: ArrayLike) -> Array:
    """dJ/dy_hat = 2 (y_hat - y) / N, the shape of y_hat."""
    y_hat, y = _f64(y_hat), _f64(y)
    return 2.0 * (y_hat - y) / y_hat.size
# --8<-- [end:mse]


# --8<-- [start:bce]
EPS = float(np.exp(-100.0))
"""Floor for the argument of each log in binary_cross_entropy: e^{-100}.

The textbook fix for log(0) clips p to [eps, 1 - eps]. In float64, 1 - eps
rounds to 1 for any eps below 1.1e-16, so we clip p and 1 - p from below
separately. With eps = e^{-100} (about 3.7e-44) every log term is at least
-100, PyTorch's convention: a certain, wrong prediction costs 100, not inf.
"""


def binary_cross_entropy(p: ArrayLike, y: ArrayLike) -> float:
    """J = -(1/n) sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)].

    p: (n,) predicted probabilities of class 1 (a sigmoid output), in [0, 1];
    y: (n,) labels in {0, 1} (or soft targets in [0, 1]). Never takes log(0).
    """
    p, y = _f64(p), _f64(y)
    log_p = np.log(np.maximum(p, EPS))
    log_1mp = np.log(np.maximum(1.0 - p, EPS))
    return float(-np.mean(y * log_p + (1.0 - y) * log_1mp))
# --8<-- [end:bce]


# --8<-- [start:bce_logits]
def binary_cross_entropy_with_logits(z: ArrayLike, y: ArrayLike) -> float:
    """Binary cross-entropy of p = sigmoid(z), from logits z: (n,), y: (n,).

    Per example, -y log sigma(z) - (1 - y) log(1 - sigma(z)) equals
    log(1 + e^z) - z y, and log(1 + e^z) = max(z, 0) + log(1 + e^{-|z|}):
    the exponent is never positive, so nothing overflows, and no probability
    is rounded to 0 or 1 before its log is taken.
    """
    z, y = _f64(z), _f64(y)
    softplus = np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
    return float(np.mean(softplus - z * y))


def binary_cross_entropy_with_logits_grad(z: ArrayLike,
                                          y: ArrayLike) -> Array:
    """dJ/dz = (sigma(z) - y) / n: the prediction minus the target, (n,)."""
    z, y = _f64(z), _f64(y)
    return (sigmoid(z) - y) / z.size
# --8<-- [end:bce_logits]


# --8<-- [start:log_sum_exp]
def log_sum_exp(Z: ArrayLike) -> Array:
    """log sum_j e^{Z_ij} over the last axis: (n, k) -> (n,).

    With m_i = max_j Z_ij, log sum_j e^{Z_ij} = m_i + log sum_j e^{Z_ij - m_i}.
    Every exponent is then <= 0 (no overflow) and one of them is exactly 0,
    so the sum is at least 1 (its log is never log 0).
    """
    Z = _f64(Z)
    m = Z.max(axis=-1, keepdims=True)  # (n, 1): broadcasts over each row
    return m[..., 0] + np.log(np.exp(Z - m).sum(axis=-1))


def softmax(Z: ArrayLike) -> Array:
    """softmax(Z)_ij = e^{Z_ij} / sum_l e^{Z_il}, row by row: (n, k) -> (n, k).

    Subtracting the row maximum changes nothing mathematically (it cancels
    between numerator and denominator) and keeps every e^{...} in (0, 1].
    """
    Z = _f64(Z)
    E = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)
# --8<-- [end:log_sum_exp]


# --8<-- [start:one_hot]
def one_hot(y: ArrayLike, k: int) -> Array:
    """Classes y: (n,) in {0, ..., k-1} -> (n, k), all 0 but Y[i, y_i] = 1."""
    y = np.asarray(y)
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"class labels must be integers, got {y.dtype}")
    # numpy would wrap a label of -1 round to the last class without a word
    if y.size and (y.min() < 0 or y.max() >= k):
        raise ValueError(f"class labels must lie in 0..{k - 1}, "
                         f"got {y.min()}..{y.max()}")
    n = y.shape[0]
    Y = np.zeros((n, k))
    Y[np.arange(n), y] = 1.0
    return Y
# --8<-- [end:one_hot]


# --8<-- [start:softmax_ce]
def softmax_cross_entropy(Z: ArrayLike, y: ArrayLike) -> float:
    """J = -(1/n) sum_i log softmax(Z)_{i, y_i}, from the logits.

    Z: (n, k) logits, y: (n,) integer classes. Per example,
    -log softmax(Z)_{i, y_i} = log_sum_exp(Z)_i - Z_{i, y_i}: no softmax is
    formed, so no probability underflows to 0 before its log is taken.
    """
    Z, y = _f64(Z), np.asarray(y)
    n = Z.shape[0]
    correct = Z[np.arange(n), y]  # (n,): each example's true-class logit
    return float(np.mean(log_sum_exp(Z) - correct))


def softmax_cross_entropy_grad(Z: ArrayLike, y: ArrayLike) -> Array:
    """dJ/dZ = (softmax(Z) - one_hot(y)) / n, (n, k): predicted minus true."""
    Z = _f64(Z)
    n, k = Z.shape
    return (softmax(Z) - one_hot(y, k)) / n
# --8<-- [end:softmax_ce]
