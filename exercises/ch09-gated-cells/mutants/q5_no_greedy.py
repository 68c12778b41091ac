"""No special case for temperature 0: z / 0."""
def generate(step, first_id, n, temperature, u):
    state, token, out = None, first_id, []
    for k in range(n):
        logits, state = step(token, state)
        s = np.asarray(logits, dtype=float) / temperature
        p = np.exp(s - s.max())
        token = min(int(np.searchsorted(np.cumsum(p / p.sum()), u[k], side="right")), len(s) - 1)
        out.append(token)
    return out
