"""resume draws from a fresh generator instead of restoring the saved stream."""
def train_and_checkpoint(seed, X, y, lr, batch_size, n_steps, save_at):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    d = X.shape[1]
    w, m, v = np.zeros(d), np.zeros(d), np.zeros(d)
    rng = np.random.default_rng(seed)
    step = adam_train_steps(w, m, v, 0, rng, X, y, save_at, lr, batch_size)
    checkpoint = {"step": step, "w": w.copy(), "m": m.copy(), "v": v.copy(), "rng": rng.bit_generator.state}
    adam_train_steps(w, m, v, step, rng, X, y, n_steps - save_at, lr, batch_size)
    return checkpoint, w


def resume(checkpoint, X, y, lr, batch_size, n_steps):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w, m, v = (np.array(checkpoint[k], dtype=float) for k in ("w", "m", "v"))
    rng = np.random.default_rng()

    step = adam_train_steps(w, m, v, int(checkpoint["step"]), rng, X, y, n_steps, lr, batch_size)
    return {"step": step, "w": w.copy(), "m": m.copy(), "v": v.copy(), "rng": rng.bit_generator.state}
