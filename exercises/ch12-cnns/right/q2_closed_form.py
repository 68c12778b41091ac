"""r_L = 1 + sum (K_l - 1) prod of the strides below, recomputed from scratch at every layer."""
def stack_table(in_shape, layers):
    import math
    C, H, W = in_shape
    spans, strides, table = [], [], []
    for layer in layers:
        kind = layer[0]
        if kind == "conv":
            C_out, k, s, p, d = layer[1:]
            K = d * (k - 1) + 1
            n_params = C_out * C * k ** 2 + C_out
            C = C_out
            H = math.floor((H + 2 * p - K) / s) + 1
            W = math.floor((W + 2 * p - K) / s) + 1
        elif kind == "pool":
            K, s = layer[1], layer[2]
            n_params = 0
            H = math.floor((H - K) / s) + 1
            W = math.floor((W - K) / s) + 1
        else:
            K, s, n_params = 1, 1, 0
        spans.append(K)
        strides.append(s)
        rf = 1 + sum((spans[l] - 1) * math.prod(strides[:l]) for l in range(len(spans)))
        table.append(dict(shape=[C, H, W], params=n_params, rf=rf))
    return table
