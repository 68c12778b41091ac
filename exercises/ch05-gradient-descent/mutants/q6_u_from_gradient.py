"""u averages the squared gradients g^2 instead of the squared updates Delta^2."""
def adadelta_step(w, g, s, u, eta, rho, eps):
    w, g, s, u = (np.asarray(a, dtype=float) for a in (w, g, s, u))
    s = rho * s + (1 - rho) * g**2
    Delta = np.sqrt(u + eps) / np.sqrt(s + eps) * g
    u = rho * u + (1 - rho) * g**2
    return w - eta * Delta, s, u
