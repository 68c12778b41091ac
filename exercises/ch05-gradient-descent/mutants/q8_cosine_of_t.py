"""The cosine counts from t = 0 instead of from the end of the warm-up: cos(pi t / T)."""
def warmup_cosine_lr(t, eta_max, eta_min, warmup, T, s):
    if t < warmup:
        return eta_max * (s + (1 - s) * t / warmup)
    return eta_min + (eta_max - eta_min) / 2 * (1 + np.cos(np.pi * t / T))
