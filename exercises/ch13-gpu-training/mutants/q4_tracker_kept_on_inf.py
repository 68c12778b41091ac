"""On an overflow the scale backs off, but the count of good steps is not reset."""
def scaler_update(scale, found_inf, growth_tracker, growth_interval, growth_factor, backoff_factor):
    if found_inf:
        return scale * backoff_factor, growth_tracker, False
    growth_tracker += 1
    if growth_tracker == growth_interval:
        return scale * growth_factor, 0, True
    return scale, growth_tracker, True
