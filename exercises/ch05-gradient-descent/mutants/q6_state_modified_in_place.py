"""Right numbers, but m and v are updated in place inside the state it was handed (m *= beta1; m += ...)."""
def adamw_step(params, grads, state, eta, betas, eps, weight_decay):
    beta1, beta2 = betas
    if state is None:
        state = {"t": 0, "m": {k: np.zeros(np.shape(p)) for k, p in params.items()},
                 "v": {k: np.zeros(np.shape(p)) for k, p in params.items()}}
    state["t"] += 1
    t = state["t"]
    new_params = {}
    for k, p in params.items():
        w, g = np.asarray(p, dtype=float), np.asarray(grads[k], dtype=float)
        m, v = state["m"][k], state["v"][k]
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        new_params[k] = w - eta * weight_decay * w - eta * m_hat / (np.sqrt(v_hat) + eps)
    return new_params, state
