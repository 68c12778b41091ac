"""T_mult ignored: every cycle lasts T_0 steps."""
def sgdr_lr(t, eta_max, eta_min, T_0, T_mult):
    return eta_min + (eta_max - eta_min) / 2 * (1 + math.cos(math.pi * (t % T_0) / T_0))
