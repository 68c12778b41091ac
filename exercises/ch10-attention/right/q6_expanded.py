"""Expanded: 2 d^2 (1 + kv/heads) + 2 d d_ff + biases and norms."""
def block_param_count(d, heads, d_ff, kv_heads):
    d_kv = (d * kv_heads) // heads
    return 2 * d * d + 2 * d * d_kv + 2 * d * d_ff + (2 * d + 2 * d_kv) + (d_ff + d) + 4 * d
