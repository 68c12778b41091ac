"""Targets equal to the inputs: the model learns to copy."""
def next_token_batch(docs, bos, eos, pad):
    L = max(len(doc) for doc in docs) + 1
    inputs = np.full((len(docs), L), pad, dtype=np.int64)
    mask = np.zeros((len(docs), L), dtype=bool)
    for b, doc in enumerate(docs):
        inputs[b, :len(doc) + 1] = [bos, *doc]
        mask[b, :len(doc) + 1] = True
    return inputs, inputs.copy(), mask
