"""Targets shifted inside the window, so one step shorter than the inputs: (B, T - 1)."""
_lm_shapes_right = lm_shapes


def lm_shapes(V, h, B, T, d=None):
    shapes = dict(_lm_shapes_right(V, h, B, T, d))
    shapes["targets"] = (B, T - 1)
    return shapes
