"""A full d x d query projection for every head."""
def block_param_count(d, heads, d_ff, kv_heads):
    d_kv = kv_heads * (d // heads)
    return heads * (d * d + d) + (d * d + d) + 2 * (d * d_kv + d_kv) + 4 * d + 2 * d * d_ff + d_ff + d
