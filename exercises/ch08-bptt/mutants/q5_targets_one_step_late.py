"""Each window's outputs compared with the targets one step later (Y[:, t + 1])."""
def train_tbptt(params, X, Y, k, eta, max_norm):
    W_xh, W_hh, W_hy = (torch.tensor(params[name], requires_grad=True) for name in ("W_xh", "W_hh", "W_hy"))
    weights = [W_xh, W_hh, W_hy]
    X, Y = torch.tensor(X), torch.tensor(Y)
    T = X.shape[1]
    h = torch.zeros(X.shape[0], W_hh.shape[0], dtype=X.dtype)
    norms = []
    for start in range(0, T, k):
        h = h.detach()
        losses = []
        for t in range(start, min(start + k, T)):
            h = torch.tanh(X[:, t] @ W_xh.T + h @ W_hh.T)
            losses.append(((h @ W_hy.T - Y[:, min(t + 1, T - 1)]) ** 2).mean())
        loss = torch.stack(losses).mean()
        for w in weights:
            w.grad = None
        loss.backward()
        norms.append(float(torch.nn.utils.clip_grad_norm_(weights, max_norm)))
        with torch.no_grad():
            for w in weights:
                w -= eta * w.grad
    return {name: w.detach().numpy() for name, w in zip(("W_xh", "W_hh", "W_hy"), weights)}, norms
