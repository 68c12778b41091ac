"""J = mean(lse - sum_j q_j z_j) (since sum_j q_j = 1), softmax from exp(Z - lse)."""
def smoothed_cross_entropy(Z, y, eps):
    Z = np.asarray(Z, dtype=float)
    n, k = Z.shape
    q = (1 - eps) * np.eye(k)[np.asarray(y)] + eps / k
    lse = np.logaddexp.reduce(Z, axis=1, keepdims=True)
    J = np.mean(lse[:, 0] - np.sum(q * Z, axis=1))
    return J, (np.exp(Z - lse) - q) / n
