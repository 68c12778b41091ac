"""Feeds first_id at every step instead of the token just sampled."""
def generate(step, first_id, n, temperature, u):
    state, out = None, []
    for k in range(n):
        logits, state = step(first_id, state)
        z = np.asarray(logits, dtype=float)
        if temperature == 0:
            token = int(np.argmax(z))
        else:
            s = z / temperature
            p = np.exp(s - s.max())
            token = min(int(np.searchsorted(np.cumsum(p / p.sum()), u[k], side="right")), len(z) - 1)
        out.append(token)
    return out
