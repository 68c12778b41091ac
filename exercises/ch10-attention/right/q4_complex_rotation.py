"""Complex numbers: e^(i p omega) = cos + i sin; a shift multiplies by e^(i k omega)."""
def sinusoidal_encoding(positions, d, base=10000.0):
    z = np.exp(1j * np.outer(np.asarray(positions, dtype=float), np.power(float(base), -np.arange(0, d, 2) / d)))
    return np.stack([z.imag, z.real], axis=-1).reshape(len(z), d)


def shift_matrix(k, d, base=10000.0):
    r = np.exp(1j * k * np.power(float(base), -np.arange(0, d, 2) / d))
    # (s + i c) -> (s, c): the row [s, c] times [[Re r, -Im r], [Im r, Re r]]
    M = np.zeros((d, d))
    idx = np.arange(0, d, 2)
    M[idx, idx], M[idx + 1, idx + 1] = r.real, r.real
    M[idx, idx + 1], M[idx + 1, idx] = -r.imag, r.imag
    return M
