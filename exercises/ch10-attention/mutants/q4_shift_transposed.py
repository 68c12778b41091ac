"""Blocks [[cos, sin], [-sin, cos]]: the transpose, a shift by -k."""
def shift_matrix(k, d, base=10000.0):
    M = np.zeros((d, d))
    for m, w in enumerate(base ** (-np.arange(0, d, 2) / d)):
        c, s = np.cos(k * w), np.sin(k * w)
        M[2 * m:2 * m + 2, 2 * m:2 * m + 2] = [[c, s], [-s, c]]
    return M
