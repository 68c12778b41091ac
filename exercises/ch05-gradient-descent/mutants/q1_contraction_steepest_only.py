"""Contraction |1 - eta lambda_max|: only the steepest direction, wrong for small rates where the flattest one is slowest."""
def contraction_factor(H, eta):
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    return float(abs(1 - eta * lam.max()))
