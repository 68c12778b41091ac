"""Greedy picks the last of tied maxima."""
def generate(step, first_id, n, temperature, u):
    state, token, out = None, first_id, []
    for k in range(n):
        logits, state = step(token, state)
        z = np.asarray(logits, dtype=float)
        if temperature == 0:
            token = len(z) - 1 - int(np.argmax(z[::-1]))
        else:
            s = z / temperature
            p = np.exp(s - s.max())
            token = min(int(np.searchsorted(np.cumsum(p / p.sum()), u[k], side="right")), len(z) - 1)
        out.append(token)
    return out
