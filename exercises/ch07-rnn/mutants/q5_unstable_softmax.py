"""Only one bug left: e^(y / tau) without subtracting the largest logit."""
def generate(prompt, n, W_xh, W_hh, b_h, W_hy, b_y, temperature, u):
    h = np.zeros(W_hh.shape[0])
    for token in prompt:
        h = np.tanh(W_hh @ h + W_xh[:, token] + b_h)
    out, probs = [], []
    for k in range(n):
        p = np.exp((W_hy @ h + b_y) / temperature)
        p = p / p.sum()
        token = int(min(np.sum(np.cumsum(p) <= u[k]), len(p) - 1))
        probs.append(p)
        out.append(token)
        h = np.tanh(W_hh @ h + W_xh[:, token] + b_h)
    return out, probs
