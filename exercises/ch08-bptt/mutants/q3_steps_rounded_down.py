"""log(factor) / log(rho) rounded down: one step short of the factor."""
def steps_to_shrink(W_hh, factor):
    rho = float(np.max(np.abs(np.linalg.eigvalsh(np.asarray(W_hh, dtype=float)))))
    return max(1, math.floor(math.log(factor) / math.log(rho)))
