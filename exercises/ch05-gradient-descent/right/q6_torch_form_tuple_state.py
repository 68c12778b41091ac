"""torch's arrangement of the same formulas (step size eta / (1 - beta1^t), denominator sqrt(v) / sqrt(1 - beta2^t) + eps), the state a tuple (t, m, v) of dicts, the decay as a multiplication."""
def adamw_step(params, grads, state, eta, betas, eps, weight_decay):
    b1, b2 = betas
    t, m, v = state if state is not None else (0, {}, {})
    t += 1
    out, m2, v2 = {}, {}, {}
    for name in params:
        w = np.array(params[name], dtype=np.float64)
        g = np.array(grads[name], dtype=np.float64)
        m2[name] = m.get(name, 0.0) * b1 + g * (1 - b1)
        v2[name] = v.get(name, 0.0) * b2 + g * g * (1 - b2)
        w = w * (1 - eta * weight_decay)
        denom = np.sqrt(v2[name]) / math.sqrt(1 - b2**t) + eps
        out[name] = w - eta / (1 - b1**t) * m2[name] / denom
    return out, (t, m2, v2)
