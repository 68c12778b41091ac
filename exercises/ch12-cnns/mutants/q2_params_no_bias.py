"""Parameters counted without the biases."""
def stack_table(in_shape, layers):
    C, H, W = in_shape
    r, j = 1, 1
    rows = []
    for layer in layers:
        params, span, s = 0, 1, 1
        if layer[0] == "conv":
            _, C_out, k, s, p, d = layer
            span = d * (k - 1) + 1
            params = C_out * C * k * k
            C, H, W = C_out, (H + 2 * p - span) // s + 1, (W + 2 * p - span) // s + 1
        elif layer[0] == "pool":
            _, span, s = layer
            H, W = (H - span) // s + 1, (W - span) // s + 1
        r += (span - 1) * j
        j *= s
        rows.append({"shape": (C, H, W), "params": params, "rf": r})
    return rows
