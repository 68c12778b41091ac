"""The variance averaged over the d coordinates instead of summed: the squared norm adds them up."""
def minibatch_noise(G, B):
    G = np.asarray(G, dtype=float)
    n = G.shape[0]
    sigma2 = np.var(G, axis=0).mean()
    return float(sigma2 / B * (n - B) / (n - 1))
