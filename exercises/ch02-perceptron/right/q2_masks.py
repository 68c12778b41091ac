"""A stable sigma with masks, then sigma (1 - sigma); stable sech^2 for tanh; ReLU' as a boolean mask."""
def activation_grads(z):
    z = np.asarray(z, dtype=float)
    s = np.empty_like(z)
    pos = z >= 0
    s[pos] = 1 / (1 + np.exp(-z[pos]))
    s[~pos] = np.exp(z[~pos]) / (1 + np.exp(z[~pos]))
    e2 = np.exp(-2 * np.abs(z))
    return {
        "sigmoid": s * (1 - s),
        "tanh": 4 * e2 / (1 + e2) ** 2,
        "relu": (z > 0) * 1.0,
    }
