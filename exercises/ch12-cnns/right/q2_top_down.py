"""The receptive field walked down from one top unit: a unit of a layer needs (n - 1) s + K units below."""
def stack_table(in_shape, layers):
    c, h, w = in_shape
    geometry, result = [], []
    for layer in layers:
        if layer[0] == "conv":
            _, co, k, s, p, d = layer
            K = (k - 1) * d + 1
            params = (c * k * k + 1) * co
            c, h, w = co, (h + 2 * p - K) // s + 1, (w + 2 * p - K) // s + 1
        elif layer[0] == "pool":
            _, K, s = layer
            params = 0
            h, w = (h - K) // s + 1, (w - K) // s + 1
        else:
            K, s, params = 1, 1, 0
        geometry.append((K, s))
        n = 1
        for K_l, s_l in reversed(geometry):
            n = (n - 1) * s_l + K_l
        result.append({"shape": (c, h, w), "params": params, "rf": n})
    return result
