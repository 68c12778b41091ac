"""Plain Python loops over rows and coordinates; a binary search for the batch size (the error falls as B grows)."""
def minibatch_noise(G, B):
    rows = [list(map(float, r)) for r in G]
    n, d = len(rows), len(rows[0])
    mean = [sum(r[j] for r in rows) / n for j in range(d)]
    sigma2 = sum((r[j] - mean[j]) ** 2 for r in rows for j in range(d)) / n
    return sigma2 * (n - B) / (B * (n - 1))


def smallest_batch(G, tau):
    lo, hi = 1, len(G)
    while lo < hi:
        mid = (lo + hi) // 2
        if minibatch_noise(G, mid) <= tau:
            hi = mid
        else:
            lo = mid + 1
    return lo
