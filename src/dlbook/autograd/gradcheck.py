"""Gradient checking with finite differences (chapter 4).

A derivative computed by hand (or by backpropagation) can be wrong in ways that
still let training limp along. Finite differences need nothing but the function
itself, so they are the independent referee:

    df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2h)     (central, error O(h^2))
    df/dx_i ~ (f(x + h e_i) - f(x)) / h                (forward, error O(h))

where e_i is 1 in entry i and 0 elsewhere. Too large an h and the truncation error
of the formula dominates; too small and the round-off of subtracting two nearly
equal floats does. For float64 and the central form, h around 1e-6 balances the two.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


# --8<-- [start:numerical_gradient]
def numerical_gradient(f: Callable[[Array], float], x: ArrayLike, h: float = 1e-6,
                       scheme: str = "central") -> Array:
    """df/dx by finite differences over every entry of x; the result has x's shape.

    f: a scalar function of an array of x's shape. x is not modified: each
    evaluation gets a copy with a single entry moved by h. scheme: "central"
    (2 evaluations per entry, error O(h^2)) or "forward" (1 per entry and one of
    f(x), error O(h)).
    """
    if scheme not in ("central", "forward"):
        raise ValueError(f"scheme must be 'central' or 'forward', got {scheme!r}")
    x = np.array(x, dtype=np.float64)       # a private copy
    grad = np.zeros_like(x)
    f_x = float(f(x.copy())) if scheme == "forward" else 0.0
    for i in np.ndindex(x.shape):           # every entry, whatever the shape
        x_plus = x.copy()
        x_plus[i] += h
        if scheme == "central":
            x_minus = x.copy()
            x_minus[i] -= h
            grad[i] = (float(f(x_plus)) - float(f(x_minus))) / (2 * h)
        else:
            grad[i] = (float(f(x_plus)) - f_x) / h
    return grad
# --8<-- [end:numerical_gradient]


# --8<-- [start:gradcheck]
def relative_error(a: ArrayLike, b: ArrayLike, floor: float = 1e-12) -> Array:
    """|a - b| / max(|a|, |b|), entry by entry; `floor` keeps 0 / 0 at 0."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def gradcheck(f: Callable[[Array], float], x: ArrayLike, analytic_grad: ArrayLike,
              rtol: float = 1e-5, atol: float = 1e-8, h: float = 1e-6,
              verbose: bool = False) -> tuple[bool, float]:
    """Compare an analytic gradient of f at x with central differences.

    ok: every entry satisfies |analytic - numeric| <= atol + rtol |numeric|
    (numpy's allclose); max_rel_error: the largest relative error over the
    entries, the one number to look at (about 1e-7 or less: right; 1e-2 or
    more: a bug). With verbose=True, prints a report of the worst entries.
    """
    x = np.asarray(x, dtype=np.float64)
    analytic = np.asarray(analytic_grad, dtype=np.float64)
    if analytic.shape != x.shape:
        raise ValueError(f"the gradient has shape {analytic.shape}, "
                         f"but x has shape {x.shape}")
    numeric = numerical_gradient(f, x, h)
    ok = bool(np.allclose(analytic, numeric, rtol=rtol, atol=atol))
    rel = relative_error(analytic, numeric)
    max_rel = float(rel.max()) if rel.size else 0.0
    if verbose:
        print(report(analytic, numeric, ok))
    return ok, max_rel


def report(analytic: Array, numeric: Array, ok: bool, worst: int = 5) -> str:
    """A few lines a person can read: the verdict, then the entries that disagree most."""
    rel = relative_error(analytic, numeric)
    lines = [f"gradcheck {'passed' if ok else 'FAILED'}: max relative error "
             f"{rel.max():.2e} over {rel.size} entries"]
    lines.append(f"  {'entry':<12}{'analytic':>14}{'numeric':>14}{'rel. error':>12}")
    for flat in np.argsort(rel, axis=None)[::-1][:worst]:
        i = np.unravel_index(flat, rel.shape)
        lines.append(f"  {str(tuple(int(k) for k in i)):<12}{analytic[i]:>14.6g}"
                     f"{numeric[i]:>14.6g}{rel[i]:>12.2e}")
    return "\n".join(lines)
# --8<-- [end:gradcheck]
