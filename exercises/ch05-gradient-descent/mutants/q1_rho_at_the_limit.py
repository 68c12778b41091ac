"""The best factor taken as 1 - 2 lambda_min / lambda_max, the flattest direction's factor at the limit rate (the steepest one does not converge there)."""
def learning_rate_limits(H):
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    lo, hi = lam.min(), lam.max()
    return 2 / hi, 2 / (lo + hi), 1 - 2 * lo / hi
