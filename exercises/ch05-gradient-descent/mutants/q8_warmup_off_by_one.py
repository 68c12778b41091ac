"""Warm-up one step ahead: (t + 1) / warmup, so it reaches eta_max one step early."""
def warmup_cosine_lr(t, eta_max, eta_min, warmup, T, s):
    if t < warmup:
        return eta_max * (s + (1 - s) * (t + 1) / warmup)
    return eta_min + (eta_max - eta_min) / 2 * (1 + np.cos(np.pi * (t - warmup) / T))
