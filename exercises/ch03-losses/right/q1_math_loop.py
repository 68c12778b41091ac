"""A loop with the math module and a branch on the sign of z."""
def weighted_bce_with_logits(z, y, w):
    total = 0.0
    for zi, yi in zip(z, y):
        zi, yi = float(zi), float(yi)
        if zi >= 0:
            nls, nl1s = math.log1p(math.exp(-zi)), zi + math.log1p(math.exp(-zi))
        else:
            nls, nl1s = -zi + math.log1p(math.exp(zi)), math.log1p(math.exp(zi))
        total += w * yi * nls + (1 - yi) * nl1s
    return total / len(z)
