"""Variance per coordinate with np.var, summed; the factor written as (1/B - 1/n) n / (n - 1); smallest_batch by inverting the formula."""
def minibatch_noise(G, B):
    G = np.asarray(G, dtype=np.float64)
    n = len(G)
    return np.var(G, axis=0).sum() * (1 / B - 1 / n) * n / (n - 1)


def smallest_batch(G, tau):
    G = np.asarray(G, dtype=np.float64)
    n = len(G)
    sigma2 = np.var(G, axis=0).sum()
    # sigma2 (n - B) / (B (n - 1)) <= tau  <=>  B >= sigma2 n / (tau (n - 1) + sigma2)
    B = math.ceil(sigma2 * n / (tau * (n - 1) + sigma2))
    return int(min(max(B, 1), n))
