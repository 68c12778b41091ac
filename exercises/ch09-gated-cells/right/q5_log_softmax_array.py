"""log-softmax of the scaled logits, first index with cdf > u by argmax of a boolean array."""
def generate(step, first_id, n, temperature, u):
    state = None
    out = np.empty(n, dtype=np.int64)
    token = first_id
    for k in range(n):
        logits, state = step(token, state)
        z = np.asarray(logits, dtype=float)
        if temperature == 0:
            token = int(z.argmax())
        else:
            s = (z - z.max()) / temperature
            logp = s - np.log(np.sum(np.exp(s)))
            above = np.cumsum(np.exp(logp)) > u[k]
            token = int(np.argmax(above)) if above.any() else len(z) - 1
        out[k] = token
    return out
