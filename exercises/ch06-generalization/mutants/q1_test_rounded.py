"""Sizes the test part by round(f_test * n) too, so examples left over by rounding belong to no part."""
def train_val_test_split(n, fractions, seed):
    f_train, f_val, f_test = fractions
    order = np.random.default_rng(seed).permutation(n)
    n_train, n_val, n_test = round(f_train * n), round(f_val * n), round(f_test * n)
    start = n_train + n_val
    return order[:n_train], order[n_train:start], order[start:start + n_test]
