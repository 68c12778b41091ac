"""eps outside the roots, (sqrt(u) + eps) / (sqrt(s) + eps): from u = 0 the first steps are about eps, far too small."""
def adadelta_step(w, g, s, u, eta, rho, eps):
    w, g, s, u = (np.asarray(a, dtype=float) for a in (w, g, s, u))
    s = rho * s + (1 - rho) * g**2
    Delta = (np.sqrt(u) + eps) / (np.sqrt(s) + eps) * g
    u = rho * u + (1 - rho) * Delta**2
    return w - eta * Delta, s, u
