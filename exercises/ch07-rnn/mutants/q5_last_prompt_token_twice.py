"""Only one bug left: the loop feeds a token before predicting, starting with prompt[-1] again."""
def generate(prompt, n, W_xh, W_hh, b_h, W_hy, b_y, temperature, u):
    h = np.zeros(W_hh.shape[0])
    for token in prompt:
        h = np.tanh(W_hh @ h + W_xh[:, token] + b_h)
    token = prompt[-1]
    out, probs = [], []
    for k in range(n):
        h = np.tanh(W_hh @ h + W_xh[:, token] + b_h)
        z = (W_hy @ h + b_y) / temperature
        p = np.exp(z - z.max())
        p = p / p.sum()
        token = int(min(np.sum(np.cumsum(p) <= u[k]), len(p) - 1))
        probs.append(p)
        out.append(token)
    return out, probs
