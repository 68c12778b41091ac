"""The unstable form e^{z} / (1 + e^{z}): e^{z} overflows for large positive z and inf / inf gives nan."""
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z) / (1 + np.exp(z))
