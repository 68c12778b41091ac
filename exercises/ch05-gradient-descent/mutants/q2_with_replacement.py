"""sigma^2 / B, the error of a batch drawn with replacement: forgets the factor (n - B) / (n - 1), so the full batch still looks noisy."""
def minibatch_noise(G, B):
    G = np.asarray(G, dtype=float)
    return float(np.sum((G - G.mean(axis=0)) ** 2) / G.shape[0] / B)
