"""The rate taken as the largest real part of an eigenvalue, sign included."""
def gradient_fate(W_hh):
    rate = float(np.max(np.linalg.eigvals(np.asarray(W_hh, dtype=float)).real))
    return rate, ("vanish" if rate < 1 else "explode")


def steps_to_shrink(W_hh, factor):
    rho = float(np.max(np.linalg.eigvalsh(np.asarray(W_hh, dtype=float))))
    return max(1, math.ceil(math.log(factor) / math.log(rho)))
