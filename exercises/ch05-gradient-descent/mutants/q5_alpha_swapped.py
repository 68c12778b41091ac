"""Weights swapped: (1 - alpha) s + alpha g^2 keeps almost nothing of the past."""
def rmsprop_step(w, g, s, eta, alpha, eps):
    w, g, s = (np.asarray(a, dtype=float) for a in (w, g, s))
    s = (1 - alpha) * s + alpha * g**2
    return w - eta * g / (np.sqrt(s) + eps), s
