"""The best rate taken as 1 / lambda_max (the steepest direction gone in one step), with its factor 1 - lambda_min / lambda_max."""
def learning_rate_limits(H):
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    lo, hi = lam.min(), lam.max()
    return 2 / hi, 1 / hi, 1 - lo / hi
