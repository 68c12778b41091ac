"""Batch-of-one rows with one-hot vectors, log-softmax by logaddexp, np.searchsorted to draw."""
def generate(prompt, n, W_xh, W_hh, b_h, W_hy, b_y, temperature, u):
    V = W_hy.shape[0]
    I = np.eye(V)
    h = np.zeros((1, W_hh.shape[0]))

    def step(h, token):
        return np.tanh(h @ W_hh.T + I[[token]] @ W_xh.T + b_h)

    for token in prompt:
        h = step(h, token)
    tokens, P = [], []
    for k in range(n):
        z = (h @ W_hy.T + b_y)[0] / temperature
        log_p = z - np.logaddexp.reduce(z)
        P.append(np.exp(log_p))
        cdf = np.cumsum(P[-1])
        token = min(int(np.searchsorted(cdf, u[k], side="right")), V - 1)
        tokens.append(token)
        h = step(h, token)
    return np.array(tokens), np.vstack(P)
