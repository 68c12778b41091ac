"""Shapes and counts read off the torch model itself, run on a dummy batch."""
def lm_shapes(V, h, B, T, d=None):
    import torch
    from torch import nn
    emb = None if d is None else nn.Embedding(V, d)
    rnn = nn.RNN(V if d is None else d, h, batch_first=True)
    lin = nn.Linear(h, V)
    ids = torch.zeros(B, T + 1, dtype=torch.long)
    X = nn.functional.one_hot(ids[:, :-1], V).float() if emb is None else emb(ids[:, :-1])
    H, _ = rnn(X)
    n_torch = sum(p.numel() for m in (emb, rnn, lin) if m is not None for p in m.parameters())
    return {"ids": tuple(ids[:, :-1].shape), "E": None if emb is None else tuple(emb.weight.shape),
            "X": tuple(X.shape), "W_xh": tuple(rnn.weight_ih_l0.shape), "W_hh": tuple(rnn.weight_hh_l0.shape),
            "b_h": tuple(rnn.bias_ih_l0.shape), "W_hy": tuple(lin.weight.shape), "b_y": tuple(lin.bias.shape),
            "H": tuple(H.shape), "logits": tuple(lin(H).shape), "targets": tuple(ids[:, 1:].shape),
            "n_params": n_torch - h, "n_params_torch": n_torch}
