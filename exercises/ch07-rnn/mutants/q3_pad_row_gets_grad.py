"""The padding positions also send dOut / n_b to the row of pad."""
def bag_backward(ids, dOut, V, pad):
    ids, dOut = np.asarray(ids), np.asarray(dOut, dtype=float)
    n = (ids != pad).sum(axis=1, keepdims=True)
    dE = np.zeros((V, dOut.shape[1]))
    np.add.at(dE, ids, np.repeat(dOut[:, None, :], ids.shape[1], axis=1) / n[..., None])
    return dE
