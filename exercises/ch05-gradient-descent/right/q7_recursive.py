"""Recursive: a step past the first cycle is a step of a schedule whose first cycle is T_0 T_mult long."""
def sgdr_lr(t, eta_max, eta_min, T_0, T_mult):
    if t >= T_0:
        return sgdr_lr(t - T_0, eta_max, eta_min, T_0 * T_mult, T_mult)
    cos = math.cos(math.pi * t / T_0)
    return (eta_max + eta_min) / 2 + (eta_max - eta_min) / 2 * cos
