"""The padding condition on the query i instead of the key j."""
def local_attention_mask(lengths, T, window):
    i, j = np.arange(T)[:, None], np.arange(T)[None, :]
    return ((j <= i) & (i - j < window))[None] & (i[None] < np.asarray(lengths)[:, None, None])
