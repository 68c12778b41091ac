"""A table of (in, out) linear layers plus the norms."""
def block_param_count(d, heads, d_ff, kv_heads):
    d_kv = d // heads * kv_heads
    linears = [(d, d), (d, d_kv), (d, d_kv), (d, d), (d, d_ff), (d_ff, d)]
    return sum(i * o + o for i, o in linears) + 2 * (d + d)
