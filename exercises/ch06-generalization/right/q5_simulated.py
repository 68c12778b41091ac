"""Computed by running the rule on the two curves, as floats."""
def _run(curve, patience, min_delta):
    best, saved, wait = float("inf"), None, 0
    for e, loss in enumerate(curve):
        if loss < best - min_delta:
            best, saved, wait = loss, e, 0
        else:
            wait += 1
            if wait >= patience:
                return float(e), float(saved)
    return float(len(curve) - 1), float(saved)


q5_a_stop, q5_a_restored = _run([1.000, 0.900, 0.850, 0.845, 0.838, 0.835, 0.838, 0.840, 0.836, 0.820,
                                 0.810, 0.830], 3, 0.01)
q5_b_stop, q5_b_restored = _run([0.5, 0.4, 0.4, 0.45, 0.3], 2, 0.0)
