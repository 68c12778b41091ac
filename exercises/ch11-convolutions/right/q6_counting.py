"""Positions counted one by one, parameters summed filter by filter; the transposed size searched for."""
def conv_layer_summary(in_shape, C_out, k, stride=1, padding=(0, 0, 0, 0), dilation=1, groups=1):
    C_in, H, W = in_shape

    def positions(n):
        count, start = 0, 0
        while start + dilation * (k - 1) < n:      # the last tap still inside
            count, start = count + 1, start + stride
        return count

    H_out = positions(H + padding[0] + padding[1])
    W_out = positions(W + padding[2] + padding[3])
    weights_per_filter = C_in // groups * k ** 2
    params = sum(weights_per_filter + 1 for _ in range(C_out))
    return dict(out_shape=[C_out, H_out, W_out], params=params,
                mult_adds=weights_per_filter * C_out * H_out * W_out)


def transposed_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    m = 1
    while (m + 2 * padding - dilation * (k - 1) - 1) < 0 or (m + 2 * padding - dilation * (k - 1) - 1) // stride + 1 < n:
        m += 1
    return m + output_padding
