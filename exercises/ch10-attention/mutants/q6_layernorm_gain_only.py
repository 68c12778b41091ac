"""Layer norms counted with a gain but no bias."""
def block_param_count(d, heads, d_ff, kv_heads):
    d_kv = kv_heads * (d // heads)
    return 2 * (d * d + d) + 2 * (d * d_kv + d_kv) + 2 * d + 2 * d * d_ff + d_ff + d
