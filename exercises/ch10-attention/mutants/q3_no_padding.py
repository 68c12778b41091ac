"""lengths ignored: the sliding window alone, repeated for the batch."""
def local_attention_mask(lengths, T, window):
    i, j = np.arange(T)[:, None], np.arange(T)[None, :]
    return np.broadcast_to((j <= i) & (i - j < window), (len(lengths), T, T)).copy()
