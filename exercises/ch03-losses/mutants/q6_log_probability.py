"""Gave log p instead of -log p for the uniform classifier."""
uniform_loss = np.log(1 / 10)
