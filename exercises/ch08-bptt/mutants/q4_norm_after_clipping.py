"""Returns the norm after clipping instead of before."""
_clip_global_right = clip_global


def clip_global(grads, max_norm, norm_type=2.0):
    clipped, total = _clip_global_right(grads, max_norm, norm_type)
    return clipped, total * min(1.0, max_norm / (total + 1e-6))
