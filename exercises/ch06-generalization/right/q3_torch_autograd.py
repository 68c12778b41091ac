"""Forward pass in torch, gradients from autograd, returned as tensors."""
def dropout_net(X, y, W1, b1, w2, b2, p, U, training):
    t = lambda a: torch.as_tensor(np.asarray(a, dtype=float))
    P = {"W1": t(W1).requires_grad_(), "b1": t(b1).requires_grad_(), "w2": t(w2).requires_grad_(),
         "b2": t(b2).requires_grad_()}
    H = torch.relu(t(X) @ P["W1"] + P["b1"])
    if training:
        keep = (t(U) >= p).double()
        H = H * keep * (0.0 if p == 1 else 1.0 / (1.0 - p))
    J = ((H @ P["w2"] + P["b2"] - t(y)) ** 2).mean()
    J.backward()
    return J.detach(), {k: v.grad for k, v in P.items()}
