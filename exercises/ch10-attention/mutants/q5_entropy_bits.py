"""Entropies in bits (log base 2)."""
entropy_scaled = entropy_scaled / math.log(2)
entropy_unscaled = entropy_unscaled / math.log(2)
