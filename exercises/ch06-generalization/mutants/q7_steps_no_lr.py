"""Shrinks by 1 - lambda per step, forgetting the learning rate."""
q7_steps = 459
