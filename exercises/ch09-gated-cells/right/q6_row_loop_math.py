"""One row at a time: sorted() for the top k, math for the softmax, nested lists back."""
def top_k_distribution(logits, k, temperature):
    z = np.asarray(logits, dtype=float)
    rows = z.reshape(-1, z.shape[-1]).tolist()
    out = []
    for row in rows:
        top = sorted(range(len(row)), key=lambda j: row[j], reverse=True)[:k]
        m = max(row[j] for j in top)
        w = {j: math.exp((row[j] - m) / temperature) for j in top}
        tot = sum(w.values())
        out.append([w[j] / tot if j in w else 0.0 for j in range(len(row))])
    return out if z.ndim == 2 else out[0]
