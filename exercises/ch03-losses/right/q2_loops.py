"""Plain loops over the flattened entries, returning lists for G."""
def masked_mse(y_hat, y):
    a, b = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    pairs = [(p, t) for p, t in zip(a.ravel(), b.ravel()) if not math.isnan(t)]
    M = len(pairs)
    J = sum((p - t) ** 2 for p, t in pairs) / M
    G = [0.0 if math.isnan(t) else 2 * (p - t) / M for p, t in zip(a.ravel(), b.ravel())]
    return J, np.array(G).reshape(a.shape).tolist()
