"""exp(z / tau) without subtracting the maximum: overflows when tau is small."""
def generate(step, first_id, n, temperature, u):
    state, token, out = None, first_id, []
    for k in range(n):
        logits, state = step(token, state)
        z = np.asarray(logits, dtype=float)
        if temperature == 0:
            token = int(np.argmax(z))
        else:
            p = np.exp(z / temperature)
            token = min(int(np.searchsorted(np.cumsum(p / p.sum()), u[k], side="right")), len(z) - 1)
        out.append(token)
    return out
