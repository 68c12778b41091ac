"""torch autograd, one backward per micro-batch on loss * n / N, accumulating in .grad."""
import torch


def accumulated_step(w, b, X, y, micro_batches, lr):
    w_t = torch.tensor(np.asarray(w, dtype=float), requires_grad=True)
    b_t = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)
    X_t, y_t = torch.tensor(np.asarray(X, dtype=float)), torch.tensor(np.asarray(y, dtype=float))
    N = len(y_t)
    for chunk_X, chunk_y in zip(torch.split(X_t, list(micro_batches)), torch.split(y_t, list(micro_batches))):
        loss = ((chunk_X @ w_t + b_t - chunk_y) ** 2).mean() * len(chunk_y) / N
        loss.backward()
    with torch.no_grad():
        return (w_t - lr * w_t.grad).numpy(), (b_t - lr * b_t.grad).item()
