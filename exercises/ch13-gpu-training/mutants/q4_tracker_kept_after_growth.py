"""The tracker is not reset after a growth, so the scale grows on every later good step."""
def scaler_update(scale, found_inf, growth_tracker, growth_interval, growth_factor, backoff_factor):
    if found_inf:
        return scale * backoff_factor, 0, False
    growth_tracker += 1
    if growth_tracker >= growth_interval:
        return scale * growth_factor, growth_tracker, True
    return scale, growth_tracker, True
