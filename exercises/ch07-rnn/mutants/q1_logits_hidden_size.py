"""The logits taken to have one entry per hidden unit, W_hy (h, h)."""
_lm_shapes_right = lm_shapes


def lm_shapes(V, h, B, T, d=None):
    shapes = dict(_lm_shapes_right(V, h, B, T, d))
    shapes["logits"] = (B, T, h)
    shapes["W_hy"], shapes["b_y"] = (h, h), (h,)
    shapes["n_params"] += h * h + h - V * h - V
    shapes["n_params_torch"] += h * h + h - V * h - V
    return shapes
