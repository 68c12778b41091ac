"""Cuts 0..n-1 in order without shuffling: on sorted data the folds come from different distributions."""
def kfold(n, k, seed):
    folds = np.array_split(np.arange(n), k)
    return [(np.setdiff1d(np.arange(n), val), val) for val in folds]
