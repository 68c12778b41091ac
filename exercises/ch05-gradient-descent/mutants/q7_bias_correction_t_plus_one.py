"""Bias correction with t counted from 0: divides by 1 - beta^(t + 1), one step ahead."""
def adam_step(w, g, m, v, t, eta, beta1, beta2, eps):
    w, g, m, v = (np.asarray(a, dtype=float) for a in (w, g, m, v))
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    return w - eta * m_hat / (np.sqrt(v_hat) + eps), m, v
