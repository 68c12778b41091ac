"""The buggy loop as given."""
def generate(step, first_id, n, temperature, u):
    return buggy_generate(step, first_id, n, temperature, u)
