"""u accumulates Delta^2 without decaying (u + Delta^2): the update's scale only grows."""
def adadelta_step(w, g, s, u, eta, rho, eps):
    w, g, s, u = (np.asarray(a, dtype=float) for a in (w, g, s, u))
    s = rho * s + (1 - rho) * g**2
    Delta = np.sqrt(u + eps) / np.sqrt(s + eps) * g
    u = u + Delta**2
    return w - eta * Delta, s, u
