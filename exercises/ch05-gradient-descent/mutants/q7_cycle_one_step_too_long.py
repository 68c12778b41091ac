"""Each cycle one step too long: t_cur runs from 0 to T_i (reaching eta_min) before the restart."""
def sgdr_lr(t, eta_max, eta_min, T_0, T_mult):
    T_i = T_0
    while t > T_i:
        t -= T_i + 1
        T_i *= T_mult
    return eta_min + (eta_max - eta_min) / 2 * (1 + math.cos(math.pi * t / T_i))
