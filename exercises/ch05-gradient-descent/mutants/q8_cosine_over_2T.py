"""A quarter cosine, cos(pi (t - warmup) / (2 T)): off by a factor 2 in the period, it reaches only the average at T."""
def warmup_cosine_lr(t, eta_max, eta_min, warmup, T, s):
    if t < warmup:
        return eta_max * (s + (1 - s) * t / warmup)
    return eta_min + (eta_max - eta_min) / 2 * (1 + np.cos(np.pi * (t - warmup) / (2 * T)))
