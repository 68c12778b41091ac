"""Gives every fold n // k indices and the last one all the rest: sizes can differ by up to k - 1."""
def kfold(n, k, seed):
    order = np.random.default_rng(seed).permutation(n)
    size = n // k
    folds = [order[f * size:(f + 1) * size] for f in range(k - 1)] + [order[(k - 1) * size:]]
    return [(np.setdiff1d(order, val), val) for val in folds]
