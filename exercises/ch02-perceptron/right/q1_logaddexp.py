"""sigma(z) = exp(-log(1 + e^(-z))) with np.logaddexp, returning np.float64 for numbers."""
def silu(z):
    s = np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))
    out = np.asarray(z, dtype=np.float64) * s
    return out[()] if out.ndim == 0 else out


def silu_grad(z):
    z = np.asarray(z, dtype=np.float64)
    s = np.exp(-np.logaddexp(0.0, -z))
    one_minus_s = np.exp(-np.logaddexp(0.0, z))
    out = s * (1 + z * one_minus_s)
    return out[()] if out.ndim == 0 else out
