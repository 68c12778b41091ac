"""Product rule half-applied: z sigma'(z) without the sigma(z) term."""
def silu_grad(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return z * s * (1 - s)
