"""The rate read off the diagonal of W_hh, as if it were diagonal."""
def gradient_fate(W_hh):
    rate = float(np.max(np.abs(np.diag(np.asarray(W_hh, dtype=float)))))
    return rate, ("vanish" if rate < 1 else "explode")


def steps_to_shrink(W_hh, factor):
    rho = float(np.max(np.abs(np.diag(np.asarray(W_hh, dtype=float)))))
    return max(1, math.ceil(math.log(factor) / math.log(rho)))
