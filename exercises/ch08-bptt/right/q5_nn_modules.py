"""torch.nn.RNN and nn.Linear with copied weights, torch.optim.SGD, zero_grad and detach."""
def train_tbptt(params, X, Y, k, eta, max_norm):
    from torch import nn
    B, T, d = np.shape(X)
    h, q = params["W_hh"].shape[0], params["W_hy"].shape[0]
    rnn = nn.RNN(d, h, bias=False, batch_first=True).double()
    out_layer = nn.Linear(h, q, bias=False).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.as_tensor(params["W_xh"]))
        rnn.weight_hh_l0.copy_(torch.as_tensor(params["W_hh"]))
        out_layer.weight.copy_(torch.as_tensor(params["W_hy"]))
    weights = [rnn.weight_ih_l0, rnn.weight_hh_l0, out_layer.weight]
    opt = torch.optim.SGD(weights, lr=eta)
    X, Y = torch.as_tensor(X), torch.as_tensor(Y)
    state, norms = None, []
    for start in range(0, T, k):
        opt.zero_grad()
        H, state = rnn(X[:, start:start + k], state)
        nn.functional.mse_loss(out_layer(H), Y[:, start:start + k]).backward()
        norms.append(nn.utils.clip_grad_norm_(weights, max_norm).item())
        opt.step()
        state = state.detach()
    return {"W_xh": rnn.weight_ih_l0.detach().numpy().copy(), "W_hh": rnn.weight_hh_l0.detach().numpy().copy(),
            "W_hy": out_layer.weight.detach().numpy().copy()}, norms
