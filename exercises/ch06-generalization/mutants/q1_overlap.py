"""Draws each part from its own permutation, so the same example can land in train and in validation or test."""
def train_val_test_split(n, fractions, seed):
    f_train, f_val, f_test = fractions
    rng = np.random.default_rng(seed)
    n_train, n_val = round(f_train * n), round(f_val * n)
    train = rng.permutation(n)[:n_train]
    val = rng.permutation(n)[:n_val]
    test = rng.permutation(n)[:n - n_train - n_val]
    return train, val, test
