"""eps inside the square root, sqrt(s + eps), instead of torch's sqrt(s) + eps."""
def rmsprop_step(w, g, s, eta, alpha, eps):
    w, g, s = (np.asarray(a, dtype=float) for a in (w, g, s))
    s = alpha * s + (1 - alpha) * g**2
    return w - eta * g / np.sqrt(s + eps), s
