"""Divides by the old average and updates s afterwards: the first step is g / eps."""
def rmsprop_step(w, g, s, eta, alpha, eps):
    w, g, s = (np.asarray(a, dtype=float) for a in (w, g, s))
    w = w - eta * g / (np.sqrt(s) + eps)
    return w, alpha * s + (1 - alpha) * g**2
