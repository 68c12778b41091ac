"""Vectorised: a length mask from np.arange, the sentences scattered in with it."""
def next_token_batch(docs, bos, eos, pad):
    lengths = np.array([len(doc) for doc in docs])
    L = lengths.max() + 1
    mask = np.arange(L)[None, :] <= lengths[:, None]
    inputs = np.full(mask.shape, pad)
    targets = np.full(mask.shape, pad)
    flat_in = np.concatenate([np.concatenate([[bos], np.asarray(doc, dtype=int)]) for doc in docs])
    flat_tg = np.concatenate([np.concatenate([np.asarray(doc, dtype=int), [eos]]) for doc in docs])
    inputs[mask] = flat_in
    targets[mask] = flat_tg
    return inputs, targets, mask.astype(int)
