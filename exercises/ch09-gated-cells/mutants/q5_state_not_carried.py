"""The returned state is dropped: every call starts the model afresh."""
def generate(step, first_id, n, temperature, u):
    token, out = first_id, []
    for k in range(n):
        logits, _ = step(token, None)
        z = np.asarray(logits, dtype=float)
        if temperature == 0:
            token = int(np.argmax(z))
        else:
            s = z / temperature
            p = np.exp(s - s.max())
            token = min(int(np.searchsorted(np.cumsum(p / p.sum()), u[k], side="right")), len(z) - 1)
        out.append(token)
    return out
