"""The digits CNN and its MLP baseline: shapes, parameter counts, receptive fields, training.

Truth: parameter counts and receptive fields worked out by hand, the receptive field also
measured as the support of a gradient in torch; accuracies measured after a fixed number
of training steps with fixed seeds (the numbers in the comments are what one run gave).
"""

import contextlib

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.data.images import shapes, shift
from dlbook.nn.cnn import DigitsCNN, DigitsMLP, accuracy, count_parameters, receptive_field
from dlbook.train.fit import fit


@contextlib.contextmanager
def one_thread():
    """Tiny models train fastest on one thread; give the setting back afterwards."""
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(n)


def train(model, X, y, X_val, y_val, epochs, seed=0):
    """A fixed number of Adam steps: epochs * ceil(len(X) / 32) (no early stopping)."""
    torch.manual_seed(seed)
    for layer in model.modules():  # re-draw the initial weights from the seed
        if hasattr(layer, "reset_parameters"):
            layer.reset_parameters()
    T = lambda a: torch.tensor(a, dtype=torch.float32)  # noqa: E731
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    fit(model, F.cross_entropy, opt, (T(X), torch.tensor(y)), (T(X_val), torch.tensor(y_val)),
        epochs, 32, rng=seed)
    with torch.no_grad():
        return lambda X_, y_: accuracy(model(T(X_)), torch.tensor(y_))


# ---- shapes and parameter counts ------------------------------------------------------------------

def test_shapes_of_both_models():
    x = torch.zeros(5, 1, 8, 8)
    assert DigitsCNN()(x).shape == (5, 10) and DigitsMLP()(x).shape == (5, 10)
    cnn = DigitsCNN((4, 6), n_classes=3)
    assert cnn.features(x).shape == (5, 6, 2, 2)  # 8 -> conv -> 8 -> pool -> 4 -> conv -> 4 -> pool -> 2
    assert cnn(x).shape == (5, 3)


def test_parameter_counts_by_hand():
    # conv: C_out (C_in k k + 1) each; linear: out (in + 1)
    assert count_parameters(DigitsCNN()) == 16 * (1 * 9 + 1) + 32 * (16 * 9 + 1) + 10 * (32 * 4 + 1) == 6090
    assert count_parameters(DigitsMLP()) == 128 * (64 + 1) + 10 * (128 + 1) == 9610
    assert count_parameters(DigitsCNN((8, 16), 2)) == 8 * 10 + 16 * (8 * 9 + 1) + 2 * (16 * 4 + 1)
    mlp = DigitsMLP()
    mlp.net[1].requires_grad_(False)  # frozen parameters are not trained, so not counted
    assert count_parameters(mlp) == 10 * (128 + 1)
    # a dense layer on a 224 x 224 RGB image with 1,000 units vs one 3x3 conv layer with 64 filters
    assert count_parameters(torch.nn.Linear(224 * 224 * 3, 1000)) == 150_529_000
    assert count_parameters(torch.nn.Conv2d(3, 64, 3)) == 64 * 28


# ---- receptive fields ---------------------------------------------------------------------------

def test_receptive_field_by_hand():
    assert receptive_field([]) == 1
    assert receptive_field([(3, 1)]) == 3
    assert receptive_field([(3, 1)] * 2) == 5 and receptive_field([(3, 1)] * 3) == 7
    assert receptive_field([(2, 2), (2, 2)]) == 4             # two poolings: a 4 x 4 block
    assert receptive_field(DigitsCNN.LAYERS) == 10            # 3, then 4, then 4 + 2*2 = 8, then 8 + 1*2 = 10
    assert receptive_field([(5, 1), (2, 2), (5, 1), (2, 2)]) == 16  # LeNet-5's conv/pool stack
    with pytest.raises(ValueError):
        receptive_field([(3, 0)])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 3)), min_size=1, max_size=4))
def test_receptive_field_is_the_support_of_a_gradient(layers):
    """Measure it: the inputs the first output unit of a torch stack depends on span r x r."""
    r = receptive_field(layers)
    stack = torch.nn.Sequential(*[torch.nn.Conv2d(1, 1, k, stride=s, bias=False) for k, s in layers])
    for conv in stack:
        torch.nn.init.ones_(conv.weight)  # positive weights: no dependence cancels out
    x = torch.ones(1, 1, r + 3, r + 3, dtype=torch.float32, requires_grad=True)
    stack(x)[0, 0, 0, 0].backward()
    rows, cols = np.nonzero(x.grad[0, 0].numpy())
    # the inputs it depends on span r x r; with a kernel smaller than its stride
    # (e.g. (1, 2)) some in between are skipped, but the span is still r
    assert rows.min() == cols.min() == 0 and rows.max() == cols.max() == r - 1
    if all(k >= s for k, s in layers):
        assert len(rows) == r * r  # no gaps: the whole block


# ---- training -----------------------------------------------------------------------------------

def test_cnn_learns_generated_shapes():
    """Squares vs crosses at random places, no scikit-learn needed: 15 epochs of 19 steps."""
    (X, y), (X_val, y_val) = shapes(600, seed=0), shapes(300, seed=1)
    with one_thread():
        acc = train(DigitsCNN(n_classes=2), X, y, X_val, y_val, epochs=15)
    assert acc(X_val, y_val) >= 0.98  # one run: 1.0


def test_digits_cnn_beats_the_mlp_on_shifted_digits():
    """30 epochs of 45 Adam steps each (about 2 CPU-s for both models, one thread).

    Unshifted, both reach 98-99% on the 359 test digits. Moved one pixel to the right,
    the MLP, whose weights belong to fixed pixels, drops to about half; the CNN, whose
    filters slide, keeps about 70%: measured over 3 seeds, MLP 0.52-0.56, CNN 0.69-0.76.
    """
    pytest.importorskip("sklearn", reason="the digits ship with scikit-learn")
    from dlbook.data.images import digits

    (X, y), (X_test, y_test) = digits()
    X_shifted = shift(X_test, 1, 0)
    with one_thread():
        cnn = train(DigitsCNN(), X, y, X_test, y_test, epochs=30)
        mlp = train(DigitsMLP(), X, y, X_test, y_test, epochs=30)
    assert cnn(X_test, y_test) >= 0.95 and mlp(X_test, y_test) >= 0.95   # one run: 0.992, 0.992
    assert cnn(X_shifted, y_test) >= mlp(X_shifted, y_test) + 0.1       # one run: 0.694 vs 0.524
    assert mlp(X_shifted, y_test) < 0.7


def test_accuracy():
    logits = torch.tensor([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0], [0.2, 0.1]])
    assert accuracy(logits, torch.tensor([0, 1, 1, 1])) == 0.5
    assert np.isclose(accuracy(logits, torch.tensor([0, 1, 0, 0])), 1.0)
