"""The largest stable rate taken as 1 / lambda_max (the rate that removes the steepest direction in one step) instead of 2 / lambda_max."""
def learning_rate_limits(H):
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    lo, hi = lam.min(), lam.max()
    return 1 / hi, 2 / (lo + hi), (hi - lo) / (hi + lo)
