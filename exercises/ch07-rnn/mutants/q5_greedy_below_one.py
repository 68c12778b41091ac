"""Takes the argmax whenever tau < 1, and samples softmax(y) otherwise."""
def generate(prompt, n, W_xh, W_hh, b_h, W_hy, b_y, temperature, u):
    h = np.zeros(W_hh.shape[0])
    for token in prompt:
        h = np.tanh(W_hh @ h + W_xh[:, token] + b_h)
    out, P = [], []
    for k in range(n):
        z = W_hy @ h + b_y
        p = np.exp(z - z.max())
        p /= p.sum()
        if temperature < 1:
            p = np.eye(len(p))[np.argmax(p)]
        P.append(p)
        token = int(min(np.sum(np.cumsum(p) <= u[k]), len(p) - 1))
        out.append(token)
        h = np.tanh(W_hh @ h + W_xh[:, token] + b_h)
    return out, P
