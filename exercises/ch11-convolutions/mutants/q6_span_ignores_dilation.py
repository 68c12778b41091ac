"""The filter's span taken as k, dilation ignored."""
def conv_layer_summary(in_shape, C_out, k, stride=1, padding=(0, 0, 0, 0), dilation=1, groups=1):
    C_in, H, W = in_shape
    top, bottom, left, right = padding
    span = k
    H_out = (H + top + bottom - span) // stride + 1
    W_out = (W + left + right - span) // stride + 1
    per_filter = (C_in // groups) * k * k
    return {"out_shape": (C_out, H_out, W_out),
            "params": C_out * (per_filter + 1),
            "mult_adds": C_out * H_out * W_out * per_filter}


def transposed_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    return (n - 1) * stride - 2 * padding + dilation * (k - 1) + 1 + output_padding
