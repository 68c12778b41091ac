"""Only one bug left: the input after the prompt stays prompt[-1]; the drawn token is never fed back."""
def generate(prompt, n, W_xh, W_hh, b_h, W_hy, b_y, temperature, u):
    h = np.zeros(W_hh.shape[0])
    for token in prompt:
        h = np.tanh(W_hh @ h + W_xh[:, token] + b_h)
    out, probs = [], []
    for k in range(n):
        z = (W_hy @ h + b_y) / temperature
        p = np.exp(z - z.max())
        p = p / p.sum()
        probs.append(p)
        out.append(int(min(np.sum(np.cumsum(p) <= u[k]), len(p) - 1)))
        h = np.tanh(W_hh @ h + W_xh[:, prompt[-1]] + b_h)
    return out, probs
