"""Grows only after growth_interval good steps have already been counted: one step late."""
def scaler_update(scale, found_inf, growth_tracker, growth_interval, growth_factor, backoff_factor):
    if found_inf:
        return scale * backoff_factor, 0, False
    if growth_tracker >= growth_interval:
        return scale * growth_factor, 0, True
    return scale, growth_tracker + 1, True
