"""torch counted like the chapter: one bias vector in the recurrent layer."""
_lm_shapes_right = lm_shapes


def lm_shapes(V, h, B, T, d=None):
    shapes = dict(_lm_shapes_right(V, h, B, T, d))
    shapes["n_params_torch"] = shapes["n_params"]
    return shapes
