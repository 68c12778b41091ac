"""The diagonal entries of H taken as its curvatures: right only for a diagonal Hessian."""
def learning_rate_limits(H):
    lam = np.diag(np.asarray(H, dtype=float))
    lo, hi = lam.min(), lam.max()
    return 2 / hi, 2 / (lo + hi), (hi - lo) / (hi + lo)


def contraction_factor(H, eta):
    lam = np.diag(np.asarray(H, dtype=float))
    return float(np.max(np.abs(1 - eta * lam)))
