"""copy.deepcopy of the state, one call per step, and a PCG64 built from the saved state."""
import copy


def train_and_checkpoint(seed, X, y, lr, batch_size, n_steps, save_at):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    state = {"step": 0, "w": np.zeros(X.shape[1]), "m": np.zeros(X.shape[1]), "v": np.zeros(X.shape[1])}
    rng = np.random.default_rng(seed)
    checkpoint = None
    for i in range(n_steps + 1):
        if i == save_at:
            checkpoint = copy.deepcopy({**state, "rng": rng.bit_generator.state})
        if i < n_steps:
            state["step"] = adam_train_steps(state["w"], state["m"], state["v"], state["step"], rng, X, y, 1, lr, batch_size)
    return checkpoint, state["w"]


def resume(checkpoint, X, y, lr, batch_size, n_steps):
    ck = copy.deepcopy(checkpoint)
    bit_generator = np.random.PCG64()
    bit_generator.state = ck["rng"]
    rng = np.random.Generator(bit_generator)
    w, m, v = (np.asarray(ck[k], dtype=float) for k in ("w", "m", "v"))
    step = adam_train_steps(w, m, v, ck["step"], rng, np.asarray(X, dtype=float), np.asarray(y, dtype=float), n_steps, lr, batch_size)
    return {"step": step, "w": w.tolist(), "m": m.tolist(), "v": v.tolist(), "rng": rng.bit_generator.state}
