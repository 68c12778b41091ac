"""Composes the affine step c -> f c + i g with itself by repeated squaring (log k steps)."""
def cell_after(c0, f, i, g, k):
    a = np.asarray(f, dtype=float) * np.ones(np.shape(c0))
    b = np.asarray(i, dtype=float) * np.asarray(g, dtype=float) * np.ones(np.shape(c0))
    A, B = np.ones_like(a), np.zeros_like(b)          # the identity map
    while k:
        if k & 1:
            A, B = a * A, a * B + b                    # apply (a, b) after (A, B)
        a, b = a * a, a * b + b
        k >>= 1
    out = A * np.asarray(c0, dtype=float) + B
    return float(out) if np.ndim(out) == 0 else out


def forget_bias_for_half_life(k):
    f = math.exp(-math.log(2) / k)
    return math.log(f) - math.log1p(-f)
