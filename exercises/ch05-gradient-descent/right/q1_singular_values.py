"""For a symmetric positive-definite H the singular values are the eigenvalues; np.float64 results, a tuple built from the condition number."""
def contraction_factor(H, eta):
    s = np.linalg.svd(np.asarray(H, dtype=np.float64), compute_uv=False)
    return np.float64(max(np.abs(1 - eta * s.max()), np.abs(1 - eta * s.min())))


def learning_rate_limits(H):
    s = np.linalg.svd(np.asarray(H, dtype=np.float64), compute_uv=False)
    kappa = s.max() / s.min()
    return np.float64(2 / s.max()), np.float64(2 / (s.min() + s.max())), (kappa - 1) / (kappa + 1)
