"""Cycle i taken to last T_0 T_mult^(i + 1) steps: the first cycle is already multiplied."""
def sgdr_lr(t, eta_max, eta_min, T_0, T_mult):
    T_i = T_0 * T_mult
    while t >= T_i:
        t -= T_i
        T_i *= T_mult
    return eta_min + (eta_max - eta_min) / 2 * (1 + math.cos(math.pi * t / T_i))
