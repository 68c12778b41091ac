"""Shapes as lists, counts as numpy integers summed from the shapes."""
def lm_shapes(V, h, B, T, d=None):
    one_hot = d is None
    width = V if one_hot else d
    params = {"W_xh": [h, width], "W_hh": [h, h], "b_h": [h], "W_hy": [V, h], "b_y": [V]}
    if not one_hot:
        params["E"] = [V, d]
    n = np.int64(sum(np.prod(s) for s in params.values()))
    out = {"ids": [B, T], "X": [B, T, width], "H": [B, T, h], "logits": [B, T, V], "targets": [B, T], "E": None}
    out.update(params)
    out["n_params"] = n
    out["n_params_torch"] = n + np.int64(h)
    return out
