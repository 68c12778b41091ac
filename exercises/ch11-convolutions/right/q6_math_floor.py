"""math.floor of a true division, numpy integers, the closed form of the inverse."""
def conv_layer_summary(in_shape, C_out, k, stride=1, padding=(0, 0, 0, 0), dilation=1, groups=1):
    C_in, H, W = (np.int64(v) for v in in_shape)
    k_eff = 1 + (k - 1) * dilation
    H_out = math.floor((H + padding[0] + padding[1] - k_eff) / stride) + 1
    W_out = math.floor((W + padding[2] + padding[3] - k_eff) / stride) + 1
    return {"out_shape": np.array([C_out, H_out, W_out]),
            "params": np.int64(C_out * C_in // groups * k * k + C_out),
            "mult_adds": np.int64(C_out) * H_out * W_out * (C_in // groups) * k * k}


def transposed_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    return int(stride * (n - 1) + (k - 1) * dilation + output_padding + 1 - 2 * padding)
