"""Forgotten bias correction: steps with m / (sqrt(v) + eps) instead of m_hat / (sqrt(v_hat) + eps)."""
def adam_step(w, g, m, v, t, eta, beta1, beta2, eps):
    w, g, m, v = (np.asarray(a, dtype=float) for a in (w, g, m, v))
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    return w - eta * m / (np.sqrt(v) + eps), m, v
