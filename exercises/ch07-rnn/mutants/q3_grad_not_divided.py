"""The gradient of a sum, not of a mean: the 1 / n_b forgotten in the backward pass."""
def bag_backward(ids, dOut, V, pad):
    ids, dOut = np.asarray(ids), np.asarray(dOut, dtype=float)
    real = (ids != pad).astype(float)
    dE = np.zeros((V, dOut.shape[1]))
    np.add.at(dE, ids, real[..., None] * dOut[:, None, :])
    return dE
