"""Contraction 1 - eta lambda_min: only the flattest direction, forgetting that the steepest one overshoots."""
def contraction_factor(H, eta):
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    return float(1 - eta * lam.min())
