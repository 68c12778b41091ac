"""One-hot inputs treated as an identity embedding E (V, V) that is learned and counted."""
_lm_shapes_right = lm_shapes


def lm_shapes(V, h, B, T, d=None):
    shapes = dict(_lm_shapes_right(V, h, B, T, d))
    if d is None:
        shapes["E"] = (V, V)
        shapes["n_params"] += V * V
        shapes["n_params_torch"] += V * V
    return shapes
