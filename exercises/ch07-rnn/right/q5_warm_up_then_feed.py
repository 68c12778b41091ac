"""Reads prompt[:-1], then one loop that feeds a token and predicts, starting with prompt[-1]."""
def generate(prompt, n, W_xh, W_hh, b_h, W_hy, b_y, temperature, u):
    h = np.zeros(W_hh.shape[0])
    for token in prompt[:-1]:
        h = np.tanh(W_hh @ h + W_xh[:, token] + b_h)
    token, out, P = prompt[-1], [], []
    for k in range(n):
        h = np.tanh(W_hh @ h + W_xh[:, token] + b_h)
        z = (W_hy @ h + b_y) / temperature
        p = np.exp(z - z.max())
        P.append(p / p.sum())
        token = int(min(np.sum(np.cumsum(P[-1]) <= u[k]), len(p) - 1))
        out.append(token)
    return out, P
