"""Works on H as a list of lists too; eigvalsh then the contraction evaluated at both ends only."""
def contraction_factor(H, eta):
    lam = np.linalg.eigvalsh(np.array(H, dtype=float).tolist())
    return float(max(abs(1 - eta * lam[0]), abs(1 - eta * lam[-1])))


def learning_rate_limits(H):
    lam = np.linalg.eigvalsh(np.array(H, dtype=float).tolist())
    eta_best = 2 / (lam[0] + lam[-1])
    return [2 / lam[-1], eta_best, contraction_factor(H, eta_best)]
