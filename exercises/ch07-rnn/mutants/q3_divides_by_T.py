"""The sum over real tokens divided by T, the padded length, in both directions."""
def bag_forward(ids, E, pad):
    ids, E = np.asarray(ids), np.asarray(E, dtype=float)
    real = ids != pad
    return (E[ids] * real[..., None]).sum(axis=1) / ids.shape[1]


def bag_backward(ids, dOut, V, pad):
    ids, dOut = np.asarray(ids), np.asarray(dOut, dtype=float)
    weight = (ids != pad) / ids.shape[1]
    dE = np.zeros((V, dOut.shape[1]))
    np.add.at(dE, ids, weight[..., None] * dOut[:, None, :])
    return dE
