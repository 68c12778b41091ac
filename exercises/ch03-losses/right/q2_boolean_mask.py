"""Boolean indexing on copies; G filled entry by entry from the mask."""
def masked_mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    obs = ~np.isnan(y)
    d = y_hat[obs] - y[obs]
    G = np.zeros_like(y_hat)
    G[obs] = 2 * d / d.size
    return np.float64(np.dot(d, d) / d.size), G
