"""Loops with math; the shift matrix from two encodings solved block by block."""
def sinusoidal_encoding(positions, d, base=10000.0):
    rows = []
    for p in positions:
        row = []
        for m in range(d // 2):
            a = p / base ** (2 * m / d)
            row += [math.sin(a), math.cos(a)]
        rows.append(row)
    return np.array(rows)


def shift_matrix(k, d, base=10000.0):
    M = np.zeros((d, d))
    for m in range(d // 2):
        a = k / base ** (2 * m / d)
        # [sin(x + a), cos(x + a)] = [sin x, cos x] @ B: B is PE(k)'s pair arranged as a rotation
        M[2 * m, 2 * m], M[2 * m, 2 * m + 1] = math.cos(a), -math.sin(a)
        M[2 * m + 1, 2 * m], M[2 * m + 1, 2 * m + 1] = math.sin(a), math.cos(a)
    return M
