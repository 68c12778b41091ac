"""eta_min added to a cosine of the full eta_max: eta_min + eta_max (1 + cos) / 2 overshoots eta_max by eta_min."""
def warmup_cosine_lr(t, eta_max, eta_min, warmup, T, s):
    if t < warmup:
        return eta_max * (s + (1 - s) * t / warmup)
    return eta_min + eta_max / 2 * (1 + np.cos(np.pi * (t - warmup) / T))
