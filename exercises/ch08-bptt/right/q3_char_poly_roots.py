"""Eigenvalues as roots of the characteristic polynomial, moduli with math.hypot; steps by stepping rho^T down."""
def gradient_fate(W_hh):
    roots = np.roots(np.poly(np.asarray(W_hh, dtype=float)))
    rate = max(math.hypot(r.real, r.imag) for r in roots)
    return rate, "explode" if rate > 1 else "vanish"


def steps_to_shrink(W_hh, factor):
    rho = max(abs(np.linalg.eigvalsh(np.asarray(W_hh, dtype=float))))
    T, power = 1, rho
    while power > factor:
        T, power = T + 1, power * rho
    return T
