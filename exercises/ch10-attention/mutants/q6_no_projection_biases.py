"""The attention projections counted without their biases."""
def block_param_count(d, heads, d_ff, kv_heads):
    d_kv = kv_heads * (d // heads)
    return 2 * d * d + 2 * d * d_kv + 4 * d + 2 * d * d_ff + d_ff + d
