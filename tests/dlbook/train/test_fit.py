"""The training loop's pieces, on hand-checkable cases and hypothesis properties."""

import copy

import numpy as np
import pytest
import torch

from dlbook.train.fit import EarlyStopping, fit

# ---- chapter 6: History, EarlyStopping and fit ---------------------------------------

def _set_weight(model, value):
    with torch.no_grad():
        model.weight.fill_(value)
        model.bias.fill_(-value)


def _run_scripted(losses, patience, min_delta=0.0):
    """Feed EarlyStopping a scripted validation curve; epoch e's weights are all equal to e."""
    model = torch.nn.Linear(2, 1, dtype=torch.float64)
    stopper = EarlyStopping(patience, min_delta)
    stopped = None
    for epoch, loss in enumerate(losses):
        _set_weight(model, float(epoch))
        if stopper.step(epoch, loss, model):
            stopped = epoch
            break
    return model, stopper, stopped


def test_early_stopping_on_a_scripted_curve():
    # best so far: 1.0 (e0), 0.8 (e1), 0.7 (e3); epochs 4, 5, 6 do not beat 0.7, so with
    # patience 3 training stops after epoch 6 and epoch 3's weights come back.
    losses = [1.0, 0.8, 0.85, 0.7, 0.72, 0.7, 0.75, 0.5, 0.4]
    model, stopper, stopped = _run_scripted(losses, patience=3)
    assert (stopper.best_epoch, stopped, stopper.stopped_epoch) == (3, 6, 6)
    assert stopper.best_loss == 0.7  # epoch 5 ties 0.7: a tie is not an improvement
    # Stopping put epoch 3's weights back in place of epoch 6's.
    assert torch.equal(model.weight, torch.full((1, 2), 3.0, dtype=torch.float64))
    assert torch.equal(model.bias, torch.full((1,), -3.0, dtype=torch.float64))


def test_patience_counts_epochs_without_improvement():
    losses = [1.0, 0.9, 1.1, 1.2, 1.3, 1.4]
    assert _run_scripted(losses, patience=1)[2] == 2
    assert _run_scripted(losses, patience=2)[2] == 3
    assert _run_scripted(losses, patience=4)[2] == 5
    _, stopper, stopped = _run_scripted(losses, patience=5)  # never runs out
    assert stopped is None and stopper.stopped_epoch is None and stopper.best_epoch == 1


def test_min_delta_ignores_tiny_improvements():
    losses = [1.0, 0.9, 0.88, 0.87, 0.86, 0.5]
    # min_delta 0.05: 0.88, 0.87, 0.86 are not below 0.9 - 0.05, so patience 3 runs out at epoch 4.
    model, stopper, stopped = _run_scripted(losses, patience=3, min_delta=0.05)
    assert (stopper.best_epoch, stopped) == (1, 4)
    assert torch.equal(model.weight, torch.full((1, 2), 1.0, dtype=torch.float64))
    model, stopper, stopped = _run_scripted(losses, patience=3)  # every epoch improves
    assert (stopper.best_epoch, stopped) == (5, None)
    assert torch.equal(model.weight, torch.full((1, 2), 5.0, dtype=torch.float64))


def test_restore_without_stopping_gives_the_best_epoch_back():
    losses = [1.0, 0.5, 0.6, 0.7]  # patience 5 never runs out; epoch 1 is the best
    model, stopper, stopped = _run_scripted(losses, patience=5)
    assert stopped is None
    assert torch.equal(model.weight, torch.full((1, 2), 3.0, dtype=torch.float64))
    stopper.restore(model)
    assert torch.equal(model.weight, torch.full((1, 2), 1.0, dtype=torch.float64))


def test_saved_weights_are_a_copy_not_a_view():
    model = torch.nn.Linear(3, 2)
    stopper = EarlyStopping(patience=2)
    stopper.step(0, 1.0, model)
    saved = copy.deepcopy(model.state_dict())
    with torch.no_grad():  # in-place updates, as an optimizer makes them
        model.weight.add_(1.0)
    stopper.restore(model)
    assert torch.equal(model.weight, saved["weight"])


def test_early_stopping_rejects_bad_use():
    with pytest.raises(ValueError, match="patience"):
        EarlyStopping(0)
    with pytest.raises(RuntimeError, match="nothing to restore"):
        EarlyStopping(2).restore(torch.nn.Linear(1, 1))


def _problem(n_train=24, n_val=12, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n_train + n_val, 3, generator=g, dtype=torch.float64)
    y = torch.sin(X @ torch.tensor([[1.0], [-2.0], [0.5]], dtype=torch.float64))
    return (X[:n_train], y[:n_train]), (X[n_train:], y[n_train:])


def _net(seed=0, p=0.0):
    torch.manual_seed(seed)
    layers = [torch.nn.Linear(3, 8), torch.nn.Tanh()]
    if p:
        layers.append(torch.nn.Dropout(p))
    return torch.nn.Sequential(*layers, torch.nn.Linear(8, 1)).double()


def test_fit_matches_a_hand_written_loop_step_for_step():
    train, val = _problem()
    mse = torch.nn.functional.mse_loss
    epochs, batch_size = 5, 7  # 24 examples: batches of 7, 7, 7, 3

    model = _net(p=0.2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    torch.manual_seed(123)  # the dropout masks
    history = fit(model, mse, opt, train, val, epochs, batch_size, rng=np.random.default_rng(7))

    ref = _net(p=0.2)
    ref_opt = torch.optim.SGD(ref.parameters(), lr=0.1, momentum=0.9)
    torch.manual_seed(123)
    rng = np.random.default_rng(7)
    train_loss, val_loss = [], []
    for _ in range(epochs):
        ref.train()
        order = rng.permutation(len(train[0]))
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            ref_opt.zero_grad()
            mse(ref(train[0][idx]), train[1][idx]).backward()
            ref_opt.step()
        ref.eval()
        with torch.no_grad():
            train_loss.append(mse(ref(train[0]), train[1]).item())
            val_loss.append(mse(ref(val[0]), val[1]).item())

    assert history.train_loss == train_loss and history.val_loss == val_loss  # bit for bit
    for p, q in zip(model.parameters(), ref.parameters()):
        assert torch.equal(p, q)
    assert not model.training  # left in evaluation mode
    assert history.best_epoch == int(np.argmin(val_loss)) and history.stopped_epoch is None


def test_fit_records_one_entry_per_epoch_and_the_metric():
    train, val = _problem()
    model = _net()
    mae = lambda y_hat, y: (y_hat - y).abs().mean().item()
    history = fit(model, torch.nn.functional.mse_loss, torch.optim.Adam(model.parameters(), lr=0.01),
                  train, val, epochs=6, batch_size=24, metric=mae, rng=0)
    assert [len(h) for h in (history.train_loss, history.val_loss, history.train_metric,
                             history.val_metric)] == [6, 6, 6, 6]
    with torch.no_grad():
        assert history.val_metric[-1] == mae(model(val[0]), val[1])
        assert history.train_loss[-1] == torch.nn.functional.mse_loss(model(train[0]), train[1]).item()
    assert history.train_loss[-1] < history.train_loss[0]  # it trained
    assert fit(_net(), torch.nn.functional.mse_loss, torch.optim.SGD(_net().parameters(), lr=0.1),
               train, val, epochs=3, batch_size=5).train_metric == []  # no metric, no entries


def test_fit_losses_are_measured_with_dropout_off():
    train, val = _problem()
    model = _net(p=0.5)
    history = fit(model, torch.nn.functional.mse_loss, torch.optim.SGD(model.parameters(), lr=0.05),
                  train, val, epochs=2, batch_size=8)
    with torch.no_grad():  # the evaluation-mode network reproduces the recorded number
        again = torch.nn.functional.mse_loss(model(train[0]), train[1]).item()
    assert history.train_loss[-1] == again


def test_fit_with_early_stopping_restores_the_best_epoch():
    train, val = _problem(n_train=12, n_val=30, seed=3)  # few examples: it overfits
    mse = torch.nn.functional.mse_loss

    def run(epochs, stopper):
        model = _net(seed=1)
        opt = torch.optim.Adam(model.parameters(), lr=0.05)
        return model, fit(model, mse, opt, train, val, epochs, 4, early_stopping=stopper, rng=5)

    stopper = EarlyStopping(patience=5)
    model, history = run(300, stopper)
    best, stopped = history.best_epoch, history.stopped_epoch
    assert stopped is not None and stopped == best + 5
    assert len(history.val_loss) == stopped + 1
    assert history.val_loss[best] == min(history.val_loss) == stopper.best_loss
    # The same run cut off after the best epoch ends with exactly the restored weights.
    ref, _ = run(best + 1, None)
    for p, q in zip(model.parameters(), ref.parameters()):
        assert torch.equal(p, q)
    with torch.no_grad():
        assert mse(model(val[0]), val[1]).item() == history.val_loss[best]
