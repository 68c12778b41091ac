"""Inverted ratio: sqrt(s + eps) / sqrt(u + eps) instead of sqrt(u + eps) / sqrt(s + eps)."""
def adadelta_step(w, g, s, u, eta, rho, eps):
    w, g, s, u = (np.asarray(a, dtype=float) for a in (w, g, s, u))
    s = rho * s + (1 - rho) * g**2
    Delta = np.sqrt(s + eps) / np.sqrt(u + eps) * g
    u = rho * u + (1 - rho) * Delta**2
    return w - eta * Delta, s, u
