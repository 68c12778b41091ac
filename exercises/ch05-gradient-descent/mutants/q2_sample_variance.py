"""The variance of the rows divided by n - 1 (the sample variance) instead of n."""
def minibatch_noise(G, B):
    G = np.asarray(G, dtype=float)
    n = G.shape[0]
    sigma2 = np.sum((G - G.mean(axis=0)) ** 2) / (n - 1)
    return float(sigma2 / B * (n - B) / (n - 1))
