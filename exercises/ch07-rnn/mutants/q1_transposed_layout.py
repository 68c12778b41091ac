"""Weights in the (in, out) layout of x @ W: W_xh (d, h) and W_hy (h, V)."""
_lm_shapes_right = lm_shapes


def lm_shapes(V, h, B, T, d=None):
    shapes = dict(_lm_shapes_right(V, h, B, T, d))
    shapes["W_xh"] = tuple(reversed(shapes["W_xh"]))
    shapes["W_hy"] = tuple(reversed(shapes["W_hy"]))
    return shapes
