"""Training: the loop shared by the chapters (``fit`` with history and early stopping,
chapter 6) and what makes it fast and safe at scale (chapter 13): devices, mixed
precision, gradient accumulation and clipping, checkpoints, throughput and model FLOPs
utilisation, data parallelism. Import the modules themselves; this package imports nothing."""
