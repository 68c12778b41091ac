"""General eigenvalues (np.linalg.eigvals, real part) and plain Python loops and max()."""
def contraction_factor(H, eta):
    worst = 0.0
    for lam in np.linalg.eigvals(np.array(H, dtype=float)).real:
        worst = max(worst, abs(1.0 - eta * lam))
    return worst


def learning_rate_limits(H):
    lams = sorted(np.linalg.eigvals(np.array(H, dtype=float)).real)
    lo, hi = lams[0], lams[-1]
    eta_best = 2.0 / (lo + hi)
    return 2.0 / hi, eta_best, abs(1.0 - eta_best * lo)
