"""Every block turns at the first pair's frequency (1 radian per position)."""
def shift_matrix(k, d, base=10000.0):
    M = np.zeros((d, d))
    c, s = np.cos(k), np.sin(k)
    for m in range(d // 2):
        M[2 * m:2 * m + 2, 2 * m:2 * m + 2] = [[c, -s], [s, c]]
    return M
