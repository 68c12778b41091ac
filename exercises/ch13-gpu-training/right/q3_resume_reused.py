"""The job is built from resume itself: a zero checkpoint, resumed to save_at, then to the end."""
def resume(checkpoint, X, y, lr, batch_size, n_steps):
    w, m, v = (np.array(checkpoint[k], dtype=float, copy=True) for k in ("w", "m", "v"))
    rng = np.random.default_rng(0)
    rng.bit_generator.state = dict(checkpoint["rng"])
    step = adam_train_steps(w, m, v, int(checkpoint["step"]), rng, np.asarray(X, dtype=float), np.asarray(y, dtype=float),
                            n_steps, lr, batch_size)
    return dict(step=step, w=w, m=m, v=v, rng=rng.bit_generator.state)


def train_and_checkpoint(seed, X, y, lr, batch_size, n_steps, save_at):
    d = np.shape(X)[1]
    start = dict(step=0, w=np.zeros(d), m=np.zeros(d), v=np.zeros(d), rng=np.random.default_rng(seed).bit_generator.state)
    saved = resume(start, X, y, lr, batch_size, save_at)
    return saved, resume(saved, X, y, lr, batch_size, n_steps - save_at)["w"]
