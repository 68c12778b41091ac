"""Cycle starts found with integer arithmetic: constant cycles by t % T_0, growing ones by summing lengths; numpy's cos."""
def sgdr_lr(t, eta_max, eta_min, T_0, T_mult):
    if T_mult == 1:
        t_cur, T_i = t % T_0, T_0
    else:
        start, T_i = 0, T_0
        while start + T_i <= t:
            start += T_i
            T_i *= T_mult
        t_cur = t - start
    return eta_min + 0.5 * (eta_max - eta_min) * (1 + np.cos(np.pi * t_cur / T_i))
