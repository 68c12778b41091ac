"""One-hot and embeddings, float64: the lookup against one_hot @ E (to 1e-15) and against
torch.nn.Embedding (forward exactly, gradient to 1e-14), the scatter-add gradient against
torch autograd and against central differences (1e-7)."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.autograd.gradcheck import gradcheck
from dlbook.nn import losses
from dlbook.nn.embedding import Embedding, embedding, embedding_grad, one_hot

SHAPES = st.sampled_from([(1,), (5,), (3, 4), (2, 3, 2)])


def test_one_hot_of_a_batch_of_sequences():
    ids = np.array([[0, 2, 1], [2, 2, 0]])
    Y = one_hot(ids, 3)
    assert Y.shape == (2, 3, 3) and Y.dtype == np.float64
    np.testing.assert_array_equal(Y[1, 0], [0, 0, 1])
    np.testing.assert_array_equal(Y.reshape(-1, 3), losses.one_hot(ids.ravel(), 3))  # chapter 3's
    np.testing.assert_array_equal(Y.argmax(-1), ids)
    with pytest.raises(ValueError):
        one_hot(np.array([[0, 3]]), 3)   # the checks of chapter 3's one_hot still apply


@given(shape=SHAPES, V=st.integers(1, 9), d=st.integers(1, 5), seed=st.integers(0, 10**6))
@settings(max_examples=50, deadline=None)
def test_embedding_is_one_hot_times_E(shape, V, d, seed):
    rng = np.random.default_rng(seed)
    ids, E = rng.integers(0, V, size=shape), rng.normal(size=(V, d))
    out = embedding(ids, E)
    assert out.shape == (*shape, d)
    np.testing.assert_allclose(out, one_hot(ids, V) @ E, rtol=1e-15, atol=0)


@given(shape=SHAPES, V=st.integers(1, 6), d=st.integers(1, 5), seed=st.integers(0, 10**6))
@settings(max_examples=50, deadline=None)
def test_embedding_and_its_gradient_match_torch(shape, V, d, seed):
    """Small V makes repeated indices common: each repeat must add its gradient, not overwrite."""
    rng = np.random.default_rng(seed)
    ids, E, dY = rng.integers(0, V, size=shape), rng.normal(size=(V, d)), rng.normal(size=(*shape, d))
    layer = torch.nn.Embedding(V, d, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(E))
    out = layer(torch.from_numpy(ids))
    (out * torch.from_numpy(dY)).sum().backward()   # a loss whose dJ/dY is dY
    np.testing.assert_array_equal(embedding(ids, E), out.detach().numpy())
    np.testing.assert_allclose(embedding_grad(ids, dY, V), layer.weight.grad.numpy(), rtol=1e-14, atol=1e-15)


def test_gradient_by_hand_and_by_central_differences():
    ids = np.array([[1, 3, 1], [0, 1, 3]])           # token 2 never occurs, token 1 three times
    rng = np.random.default_rng(0)
    E, dY = rng.normal(size=(4, 2)), rng.normal(size=(2, 3, 2))
    dE = embedding_grad(ids, dY, 4)
    np.testing.assert_allclose(dE[1], dY[0, 0] + dY[0, 2] + dY[1, 1], rtol=1e-15)
    np.testing.assert_array_equal(dE[2], 0.0)
    ok, worst = gradcheck(lambda E_: float(np.sum(np.sin(embedding(ids, E_)))), E,
                          embedding_grad(ids, np.cos(embedding(ids, E)), 4), rtol=1e-7, atol=1e-10)
    assert ok and worst < 1e-7


def test_our_embedding_module_matches_torch():
    torch.manual_seed(0)
    ours = Embedding(7, 3, dtype=torch.float64)
    theirs = torch.nn.Embedding(7, 3, dtype=torch.float64)
    with torch.no_grad():
        theirs.weight.copy_(ours.E)
    ids = torch.tensor([[0, 6, 6], [2, 0, 5]])
    w = torch.randn(2, 3, 3, dtype=torch.float64)
    (ours(ids) * w).sum().backward()
    (theirs(ids) * w).sum().backward()
    assert torch.equal(ours(ids), theirs(ids))
    torch.testing.assert_close(ours.E.grad, theirs.weight.grad, rtol=1e-14, atol=1e-15)
    big = Embedding(1000, 10).E.detach()
    assert abs(float(big.mean())) < 0.05 and abs(float(big.std()) - 1.0) < 0.05   # N(0, 1), like torch's
