"""Ignores the seed argument and always shuffles with seed 0: every seed gives the same folds."""
def kfold(n, k, seed):
    order = np.random.default_rng(0).permutation(n)
    return [(np.setdiff1d(order, val), val) for val in np.array_split(order, k)]
