"""Cosine without the factor pi: cos((t - warmup) / T) only falls to cos(1), never reaching eta_min."""
def warmup_cosine_lr(t, eta_max, eta_min, warmup, T, s):
    if t < warmup:
        return eta_max * (s + (1 - s) * t / warmup)
    return eta_min + (eta_max - eta_min) / 2 * (1 + np.cos((t - warmup) / T))
