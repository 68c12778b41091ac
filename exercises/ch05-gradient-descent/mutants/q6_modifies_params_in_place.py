"""Right numbers, but p -= ... writes into the caller's parameter arrays."""
def adamw_step(params, grads, state, eta, betas, eps, weight_decay):
    beta1, beta2 = betas
    if state is None:
        state = {"t": 0, "m": {k: np.zeros(np.shape(p)) for k, p in params.items()},
                 "v": {k: np.zeros(np.shape(p)) for k, p in params.items()}}
    t = state["t"] + 1
    m_new, v_new = {}, {}
    for k, w in params.items():
        g = np.asarray(grads[k], dtype=float)
        m_new[k] = beta1 * state["m"][k] + (1 - beta1) * g
        v_new[k] = beta2 * state["v"][k] + (1 - beta2) * g**2
        m_hat = m_new[k] / (1 - beta1**t)
        v_hat = v_new[k] / (1 - beta2**t)
        w *= 1 - eta * weight_decay
        w -= eta * m_hat / (np.sqrt(v_hat) + eps)
    return params, {"t": t, "m": m_new, "v": v_new}
