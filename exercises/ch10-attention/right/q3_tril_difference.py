"""np.tril minus a lower np.tril band, and a padding row per sequence."""
def local_attention_mask(lengths, T, window):
    ones = np.ones((T, T), dtype=bool)
    band = np.tril(ones) & ~np.tril(ones, -window)
    keys = np.array([[j < L for j in range(T)] for L in lengths])
    return band[None, :, :] & keys[:, None, :]
