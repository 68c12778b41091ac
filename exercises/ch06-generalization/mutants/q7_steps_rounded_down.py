"""Rounds ln(0.01) / ln(0.999) = 4602.9 down."""
q7_steps = 4602
