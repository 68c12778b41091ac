"""Data the book generates or ships (nothing is downloaded), and cutting it into
splits and mini-batches. Import the modules themselves; this package imports nothing."""
