"""Attention against torch: our SDPA against ``F.scaled_dot_product_attention``, our
multi-head attention against ``nn.MultiheadAttention`` with its weights mapped in.

Truth is torch; everything runs in float64 and must agree to TOL. The largest
deviation seen per comparison is printed at the end of the module
(``pytest -s tests/dlbook/nn/test_attention.py``).
"""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.nn import attention as att
from support import deviation_report

TOL = 1e-10      # what the tests allow: |ours - torch| <= TOL, float64
WORST: dict[str, float] = {}
SEEDS = st.integers(0, 10**6)
f64 = torch.float64


one_thread_and_report = deviation_report(WORST, f"largest |dlbook - torch| (tests allow {TOL:g})")


def close(name: str, ours: torch.Tensor, theirs: torch.Tensor) -> None:
    """Assert |ours - theirs| <= TOL everywhere, and record the largest deviation."""
    assert ours.shape == theirs.shape
    dev = (ours - theirs).abs().max().item() if ours.numel() else 0.0
    WORST[name] = max(WORST.get(name, 0.0), dev)
    assert dev <= TOL, f"{name}: deviation {dev:.2e}"


def qkv(seed: int, batch: int, heads: int, T_q: int, T_k: int, d_k: int, d_v: int):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(batch, heads, T_q, d_k, generator=g, dtype=f64),
            torch.randn(batch, heads, T_k, d_k, generator=g, dtype=f64),
            torch.randn(batch, heads, T_k, d_v, generator=g, dtype=f64))


SHAPES = dict(batch=st.integers(1, 3), heads=st.integers(1, 3), T=st.integers(1, 7),
              d_k=st.integers(1, 9), d_v=st.integers(1, 5), seed=SEEDS)


# ---- scaled dot-product attention ----------------------------------------------

@given(T_k=st.integers(1, 7), **SHAPES)
@settings(max_examples=40, deadline=None)
def test_sdpa_without_mask_matches_torch(batch, heads, T, T_k, d_k, d_v, seed):
    Q, K, V = qkv(seed, batch, heads, T, T_k, d_k, d_v)
    out, A = att.scaled_dot_product_attention(Q, K, V)
    close("sdpa, no mask", out, F.scaled_dot_product_attention(Q, K, V))
    # the weights themselves, by torch's softmax of the scaled scores
    close("sdpa weights, no mask", A, torch.softmax(Q @ K.transpose(-2, -1) / math.sqrt(d_k), -1))


@given(**SHAPES)
@settings(max_examples=40, deadline=None)
def test_sdpa_causal_matches_torch_is_causal_and_explicit_mask(batch, heads, T, d_k, d_v, seed):
    Q, K, V = qkv(seed, batch, heads, T, T, d_k, d_v)
    M = att.causal_mask(T)
    out, A = att.scaled_dot_product_attention(Q, K, V, M)
    close("sdpa, causal (is_causal)", out, F.scaled_dot_product_attention(Q, K, V, is_causal=True))
    close("sdpa, causal (attn_mask)", out, F.scaled_dot_product_attention(Q, K, V, attn_mask=M))
    assert torch.all(A.triu(diagonal=1) == 0)  # no weight at all on the future


def test_causal_mask_by_hand():
    assert att.causal_mask(3).tolist() == [[True, False, False], [True, True, False], [True, True, True]]


@given(data=st.data(), **SHAPES)
@settings(max_examples=40, deadline=None)
def test_sdpa_padding_mask_matches_torch(data, batch, heads, T, d_k, d_v, seed):
    lengths = data.draw(st.lists(st.integers(1, T), min_size=batch, max_size=batch))
    Q, K, V = qkv(seed, batch, heads, T, T, d_k, d_v)
    M = att.padding_mask(lengths, T)[:, None]  # (batch, 1, 1, T): over heads and queries
    out, A = att.scaled_dot_product_attention(Q, K, V, M)
    close("sdpa, padding (bool)", out, F.scaled_dot_product_attention(Q, K, V, attn_mask=M))
    # the padded keys get weight exactly 0, and the real ones share all of it
    for b, n in enumerate(lengths):
        assert torch.all(A[b, ..., n:] == 0)
    np.testing.assert_allclose(A.sum(-1).numpy(), 1.0, rtol=1e-14)


def test_padding_mask_by_hand():
    M = att.padding_mask([2, 4, 1], 4)
    assert M.shape == (3, 1, 4) and M.dtype == torch.bool
    assert M[:, 0].tolist() == [[True, True, False, False], [True] * 4, [True, False, False, False]]
    # combined with the causal mask by &: (batch, T, T)
    assert (att.causal_mask(4) & M).shape == (3, 4, 4)


@given(**SHAPES)
@settings(max_examples=40, deadline=None)
def test_sdpa_additive_float_mask_matches_torch(batch, heads, T, d_k, d_v, seed):
    Q, K, V = qkv(seed, batch, heads, T, T, d_k, d_v)
    g = torch.Generator().manual_seed(seed + 1)
    M = torch.randn(batch, 1, T, T, generator=g, dtype=f64)
    M[..., 1:][torch.rand(batch, 1, T, T - 1, generator=g) < 0.3] = float("-inf")  # key 0 stays
    out, A = att.scaled_dot_product_attention(Q, K, V, M)
    close("sdpa, additive float mask", out, F.scaled_dot_product_attention(Q, K, V, attn_mask=M))
    assert torch.all(A[M.expand_as(A) == float("-inf")] == 0)


@given(**SHAPES)
@settings(max_examples=30, deadline=None)
def test_rows_of_weights_sum_to_one_and_masked_keys_get_exactly_zero(batch, heads, T, d_k, d_v, seed):
    Q, K, V = qkv(seed, batch, heads, T, T, d_k, d_v)
    Q = Q * 30  # large scores: a saturated softmax must still give distributions
    M = att.causal_mask(T) & att.padding_mask(torch.full((batch,), max(1, T - 1)), T)[:, None]
    _, A = att.scaled_dot_product_attention(Q, K, V, M)
    assert torch.all(A >= 0) and torch.all(A[~M.expand_as(A)] == 0)
    np.testing.assert_allclose(A.sum(-1).numpy(), 1.0, rtol=1e-14)


def test_fully_masked_query_attends_to_nothing_as_in_torch():
    Q, K, V = qkv(0, 1, 1, 3, 3, 4, 2)
    M = torch.tensor([[True, False, False], [False, False, False], [True, True, True]])
    out, A = att.scaled_dot_product_attention(Q, K, V, M)
    assert torch.all(A[..., 1, :] == 0) and not torch.isnan(out).any()
    close("sdpa, fully masked row", out, F.scaled_dot_product_attention(Q, K, V, attn_mask=M))


def test_sdpa_by_hand():
    """One query, two keys: scores (q.k_j) / sqrt(2) = (1, 0) / sqrt(2) -> weights softmax."""
    Q = torch.tensor([[1.0, 1.0]], dtype=f64)
    K = torch.tensor([[1.0, 0.0], [0.0, 0.0]], dtype=f64)
    V = torch.tensor([[10.0], [20.0]], dtype=f64)
    out, A = att.scaled_dot_product_attention(Q, K, V)
    w = math.exp(1 / math.sqrt(2)) / (math.exp(1 / math.sqrt(2)) + 1)
    assert A.tolist()[0] == pytest.approx([w, 1 - w], rel=1e-15)
    assert out.item() == pytest.approx(10 * w + 20 * (1 - w), rel=1e-15)


@given(T_k=st.integers(1, 7), causal=st.booleans(), **SHAPES)
@settings(max_examples=30, deadline=None)
def test_numpy_sdpa_matches_torch(T_k, causal, batch, heads, T, d_k, d_v, seed):
    Q, K, V = qkv(seed, 1, 1, T, T if causal else T_k, d_k, d_v)
    M = att.causal_mask(T) if causal else None
    out, A = att.scaled_dot_product_attention_np(Q[0, 0].numpy(), K[0, 0].numpy(), V[0, 0].numpy(),
                                                 None if M is None else M.numpy())
    expected = F.scaled_dot_product_attention(Q, K, V, is_causal=causal)[0, 0]
    close("sdpa numpy", torch.from_numpy(out), expected)


# ---- heads and multi-head attention --------------------------------------------

def test_split_and_merge_heads_are_inverse_and_slice_the_features():
    X = torch.arange(2 * 3 * 8, dtype=f64).view(2, 3, 8)
    H = att.split_heads(X, 4)
    assert H.shape == (2, 4, 3, 2)
    assert torch.equal(H[:, 1], X[..., 2:4])  # head 1 gets features 2..3 of every position
    assert torch.equal(att.merge_heads(H), X)


def torch_mha(d: int, heads: int, seed: int, bias: bool = True) -> torch.nn.MultiheadAttention:
    torch.manual_seed(seed)
    mha = torch.nn.MultiheadAttention(d, heads, bias=bias, batch_first=True, dtype=f64)
    with torch.no_grad():  # torch starts its biases at 0: make them count
        for p in mha.parameters():
            p.add_(0.1 * torch.randn_like(p))
    return mha.eval()


@pytest.mark.parametrize("heads", [1, 2, 4, 8])
@pytest.mark.parametrize("padded", [False, True])
def test_mha_matches_torch_multihead_attention(heads, padded):
    d, batch, T = 16, 3, 6
    mha = torch_mha(d, heads, seed=heads)
    ours = att.from_torch(mha)
    X = torch.randn(batch, T, d, generator=torch.Generator().manual_seed(7), dtype=f64)
    lengths = torch.tensor([6, 3, 1])
    key_padding_mask = ~att.padding_mask(lengths, T)[:, 0] if padded else None  # True = ignore
    expected, expected_A = mha(X, X, X, key_padding_mask=key_padding_mask, average_attn_weights=False)
    out, A = ours(X, mask=att.padding_mask(lengths, T) if padded else None)
    name = f"MHA, {'key_padding_mask' if padded else 'no mask'}"
    close(name, out, expected)
    close(name + " (weights)", A, expected_A)


@pytest.mark.parametrize("heads", [1, 4])
def test_mha_with_causal_and_padding_masks_matches_torch(heads):
    d, batch, T = 8, 2, 5
    mha = torch_mha(d, heads, seed=10 + heads)
    ours = att.from_torch(mha)
    X = torch.randn(batch, T, d, generator=torch.Generator().manual_seed(8), dtype=f64)
    lengths = torch.tensor([5, 2])
    expected, _ = mha(X, X, X, attn_mask=~att.causal_mask(T), key_padding_mask=~att.padding_mask(lengths, T)[:, 0])
    out, _ = ours(X, mask=att.causal_mask(T) & att.padding_mask(lengths, T))
    close("MHA, causal + padding", out, expected)


@pytest.mark.parametrize("bias", [True, False])
def test_mha_cross_attention_matches_torch(bias):
    d, heads = 12, 3
    mha = torch_mha(d, heads, seed=3, bias=bias)
    ours = att.from_torch(mha)
    g = torch.Generator().manual_seed(9)
    X_q = torch.randn(2, 4, d, generator=g, dtype=f64)
    X_kv = torch.randn(2, 7, d, generator=g, dtype=f64)
    expected, _ = mha(X_q, X_kv, X_kv)
    out, A = ours(X_q, X_kv)
    assert A.shape == (2, heads, 4, 7)
    close("MHA, cross-attention", out, expected)


def test_mha_rejects_what_it_does_not_model():
    with pytest.raises(ValueError, match="divisible"):
        att.MultiHeadAttention(10, 3)
    with pytest.raises(ValueError):
        att.from_torch(torch.nn.MultiheadAttention(8, 2, kdim=4, vdim=4, batch_first=True))


# ---- softmax saturation --------------------------------------------------------

def test_entropy_collapses_without_scaling_and_stays_flat_with_it():
    """Measured (T = 16, log 16 = 2.77): unscaled 2.44, 1.79, 0.90, 0.36, 0.17 nats for
    d_k = 1, 4, 16, 64, 256; scaled 2.44 .. 2.34. The test allows generous margins."""
    d_ks = [1, 4, 16, 64, 256]
    unscaled = [att.attention_entropy(d_k, scaled=False) for d_k in d_ks]
    scaled = [att.attention_entropy(d_k, scaled=True) for d_k in d_ks]
    assert all(a > b for a, b in zip(unscaled, unscaled[1:]))  # falls at every step
    assert unscaled[-1] < 0.1 * unscaled[0]
    assert max(scaled) - min(scaled) < 0.1 * max(scaled)  # roughly flat: within 10%
    assert all(0 < h < math.log(16) for h in scaled)
    assert unscaled[0] == pytest.approx(scaled[0], rel=1e-12)  # d_k = 1: the same thing
