"""Only one bug left: clip_grad_value_ clips each entry, not the global norm."""
def train_tbptt(params, X, Y, k, eta, max_norm):
    W_xh, W_hh, W_hy = (torch.tensor(params[name], requires_grad=True) for name in ("W_xh", "W_hh", "W_hy"))
    weights = [W_xh, W_hh, W_hy]
    X, Y = torch.tensor(X), torch.tensor(Y)
    T = X.shape[1]
    h = torch.zeros(X.shape[0], W_hh.shape[0], dtype=X.dtype)
    norms = []
    for start in range(0, T, k):
        h = h.detach()
        outputs = []
        for t in range(start, min(start + k, T)):
            h = torch.tanh(X[:, t] @ W_xh.T + h @ W_hh.T)
            outputs.append(h @ W_hy.T)
        loss = ((torch.stack(outputs, dim=1) - Y[:, start:start + k]) ** 2).mean()
        for w in weights:
            w.grad = None
        loss.backward()
        norms.append(float(torch.sqrt(sum((w.grad ** 2).sum() for w in weights))))
        torch.nn.utils.clip_grad_value_(weights, max_norm)
        with torch.no_grad():
            for w in weights:
                w -= eta * w.grad
    return {name: w.detach().numpy() for name, w in zip(("W_xh", "W_hh", "W_hy"), weights)}, norms
