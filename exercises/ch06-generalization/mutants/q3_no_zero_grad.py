"""Forgets to reset the gradients after each step: backward() adds to .grad, so step k moves by the sum of k gradients."""
def gd_l2(w, b, X, y, lr, lam, k):
    w = w.detach().clone().requires_grad_()
    b = b.detach().clone().requires_grad_()
    for _ in range(k):
        J = ((X @ w + b - y) ** 2).mean() + lam / 2 * (w ** 2).sum()
        J.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
    return w.detach(), b.detach()
