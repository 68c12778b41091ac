"""K and V of width kv_heads * d instead of kv_heads * d_k."""
def block_param_count(d, heads, d_ff, kv_heads):
    d_kv = kv_heads * d
    return 2 * (d * d + d) + 2 * (d * d_kv + d_kv) + 4 * d + 2 * d * d_ff + d_ff + d
