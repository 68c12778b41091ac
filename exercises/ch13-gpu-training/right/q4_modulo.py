"""The tracker counted modulo growth_interval; numpy float and bool types."""
def scaler_update(scale, found_inf, growth_tracker, growth_interval, growth_factor, backoff_factor):
    ok = not bool(found_inf)
    tracker = (growth_tracker + 1) % growth_interval if ok else 0
    factor = (growth_factor if tracker == 0 else 1.0) if ok else backoff_factor
    return np.float64(scale * factor), tracker, np.bool_(ok)
