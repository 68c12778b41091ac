"""Shuffles with an unseeded generator: the folds change at every call, whatever the seed."""
def kfold(n, k, seed):
    order = np.random.permutation(n)
    return [(np.setdiff1d(order, val), val) for val in np.array_split(order, k)]
