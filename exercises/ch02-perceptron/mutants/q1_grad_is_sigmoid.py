"""Forgot the product rule: d/dz [z sigma(z)] taken as sigma(z)."""
def silu_grad(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
