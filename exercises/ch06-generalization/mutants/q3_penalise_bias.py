"""Puts the bias into the L2 penalty too: (lambda/2)(||w||^2 + b^2)."""
def gd_l2(w, b, X, y, lr, lam, k):
    w = w.detach().clone().requires_grad_()
    b = b.detach().clone().requires_grad_()
    for _ in range(k):
        J = ((X @ w + b - y) ** 2).mean() + lam / 2 * ((w ** 2).sum() + b ** 2)
        J.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.detach(), b.detach()
