"""Sign slip in the derivative: sigma(z) (1 - z (1 - sigma(z)))."""
def silu_grad(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return s * (1 - z * (1 - s))
