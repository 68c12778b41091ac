"""Builds the targets by appending eos to the caller's lists."""
def next_token_batch(docs, bos, eos, pad):
    L = max(len(doc) for doc in docs) + 1
    inputs = np.full((len(docs), L), pad, dtype=np.int64)
    targets = np.full((len(docs), L), pad, dtype=np.int64)
    mask = np.zeros((len(docs), L), dtype=bool)
    for b, doc in enumerate(docs):
        inputs[b, :len(doc) + 1] = [bos, *doc]
        doc.append(eos)
        targets[b, :len(doc)] = doc
        mask[b, :len(doc)] = True
    return inputs, targets, mask
