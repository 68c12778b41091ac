"""Cuts one shuffled order at the rounded cumulative positions round(i n / k), as the chapter's split does."""
def kfold(n, k, seed):
    order = np.random.default_rng(seed).permutation(n)
    cuts = np.round(np.arange(1, k) * n / k).astype(int)
    return [(np.setdiff1d(np.arange(n), val), val) for val in np.split(order, cuts)]
