"""Stops one batch size early: returns the largest B whose error is still above tau."""
def smallest_batch(G, tau):
    n = np.asarray(G).shape[0]
    B = 1
    while B < n and minibatch_noise(G, B + 1) > tau:
        B += 1
    return B
