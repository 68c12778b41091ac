"""The rate from numpy's eigenvalues; steps by multiplying out W^T and measuring its spectral norm."""
def gradient_fate(W_hh):
    rate = max(abs(complex(z)) for z in np.linalg.eigvals(np.asarray(W_hh, dtype=float)))
    return float(rate), ["explode", "vanish"][int(rate < 1)]


def steps_to_shrink(W_hh, factor):
    W = np.asarray(W_hh, dtype=float)
    P, T = W.copy(), 1
    while np.linalg.svd(P, compute_uv=False)[0] > factor:
        P, T = P @ W, T + 1
    return np.int64(T)
