"""Cuts the indices in their original order, without shuffling: if the data are sorted (by time, by label), the parts come from different distributions."""
def train_val_test_split(n, fractions, seed):
    f_train, f_val, f_test = fractions
    order = np.arange(n)
    n_train, n_val = round(f_train * n), round(f_val * n)
    return order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]
