"""K and V projections d x d, as in multi-head attention."""
def block_param_count(d, heads, d_ff, kv_heads):
    return 4 * (d * d + d) + 4 * d + 2 * d * d_ff + d_ff + d
