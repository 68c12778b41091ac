"""Solved numerically by bisection on the slopes."""
def _solve(slope, target, lo=0.0, hi=50.0):
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if slope(mid) > target else (lo, mid)
    return (lo + hi) / 2


z_sigmoid = _solve(lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2, 0.25 / 100)
z_tanh = _solve(lambda z: 1 - math.tanh(z) ** 2, 1 / 100)
