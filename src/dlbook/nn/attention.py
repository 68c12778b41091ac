"""Attention from its equations (chapter 10): scaled dot-product attention, its
masks, multi-head attention, and why the scores are divided by sqrt(d_k).

Shapes: batch, heads, T (sequence length; T_q queries, T_k keys), d (model
width), d_k = d / heads (width of one head). Queries Q: (..., T_q, d_k), keys
K: (..., T_k, d_k), values V: (..., T_k, d_v); the leading axes (batch, and
heads) are carried along.

Masks follow torch's ``scaled_dot_product_attention``: a *boolean* mask is
True where a query *may attend* to a key, a *float* mask is added to the
scores (0 to keep, -inf to remove). Both broadcast to (..., T_q, T_k).
``torch.nn.MultiheadAttention``'s ``key_padding_mask`` is the opposite
(True means *ignore*); see ``MultiHeadAttention``. Everything is checked against
torch in tests/dlbook/nn/test_attention.py.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from numpy.typing import NDArray
from torch import Tensor, nn

Array = NDArray[np.float64]


# --8<-- [start:sdpa]
def scaled_dot_product_attention(Q: Tensor, K: Tensor, V: Tensor, mask: Tensor | None = None,
                                 scale: float | None = None) -> tuple[Tensor, Tensor]:
    """Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k) + mask) V.

    Q: (..., T_q, d_k), K: (..., T_k, d_k), V: (..., T_k, d_v);
    mask: None, boolean (True = may attend) or float (added to the scores),
    broadcastable to (..., T_q, T_k); scale: 1 / sqrt(d_k) unless given.
    Returns the output (..., T_q, d_v) and the weights A (..., T_q, T_k):
    each row of A is a probability distribution over the keys, and a masked
    key gets weight exactly 0. A query with every key masked gets all-zero
    weights and output 0, as in torch.
    """
    d_k = Q.shape[-1]
    scale = 1.0 / math.sqrt(d_k) if scale is None else scale
    S = Q @ K.transpose(-2, -1) * scale  # (..., T_q, T_k): similarity of query i and key j
    if mask is not None and mask.dtype == torch.bool:
        S = S.masked_fill(~mask, float("-inf"))  # e^{-inf} = 0: no weight at all
    elif mask is not None:
        S = S + mask
    A = torch.softmax(S, dim=-1)
    if mask is not None and mask.dtype == torch.bool:
        # a row with every key masked is softmax(-inf, ..., -inf) = 0/0 = NaN:
        # zeroing the masked entries turns it into "attend to nothing"
        A = A.masked_fill(~mask, 0.0)
    return A @ V, A
# --8<-- [end:sdpa]


def scaled_dot_product_attention_np(Q: Array, K: Array, V: Array,
                                    mask: NDArray[np.bool_] | None = None) -> tuple[Array, Array]:
    """The same in numpy, for readers who think in arrays: Q (T_q, d_k), K (T_k, d_k),
    V (T_k, d_v), boolean mask (T_q, T_k) (True = may attend) -> (T_q, d_v), (T_q, T_k)."""
    S = Q @ np.swapaxes(K, -2, -1) / np.sqrt(Q.shape[-1])
    if mask is not None:
        S = np.where(mask, S, -np.inf)
    E = np.exp(S - S.max(axis=-1, keepdims=True))  # stable softmax (chapter 3)
    A = E / E.sum(axis=-1, keepdims=True)
    return A @ V, A


# --8<-- [start:masks]
def causal_mask(T: int) -> Tensor:
    """(T, T) boolean, True on and below the diagonal: query i may attend to keys
    j <= i only, so no position sees the future it must predict."""
    return torch.ones(T, T, dtype=torch.bool).tril()


def padding_mask(lengths: Tensor | list[int], T: int) -> Tensor:
    """(batch, 1, T) boolean, True where key j < lengths[b] is a real token.

    The middle axis of size 1 broadcasts over the queries: a padded key is
    hidden from every query. Combine with a causal mask by ``&``:
    ``causal_mask(T) & padding_mask(lengths, T)`` is (batch, T, T).
    """
    lengths = torch.as_tensor(lengths)
    return (torch.arange(T) < lengths[:, None])[:, None, :]
# --8<-- [end:masks]


# --8<-- [start:entropy]
def attention_entropy(d_k: int, T: int = 16, n: int = 256, scaled: bool = True,
                      seed: int = 0) -> float:
    """Mean entropy (nats) of the attention rows softmax(q K^T / s) for random
    q, K with independent N(0, 1) entries, s = sqrt(d_k) if scaled else 1.

    A score q . k is a sum of d_k products of unit variance, so its variance
    is d_k. Unscaled, the scores spread as sqrt(d_k) grows, the softmax
    saturates onto one key (entropy -> 0, gradients -> 0); divided by
    sqrt(d_k) they keep unit variance, and the entropy stays put whatever
    d_k. The most it can be is log T (uniform attention).
    """
    g = torch.Generator().manual_seed(seed)
    Q = torch.randn(n, 1, d_k, generator=g, dtype=torch.float64)
    K = torch.randn(n, T, d_k, generator=g, dtype=torch.float64)
    V = torch.zeros(n, T, 1, dtype=torch.float64)  # the weights are what we measure
    _, A = scaled_dot_product_attention(Q, K, V, scale=None if scaled else 1.0)
    H = -(A * torch.log(A.clamp_min(1e-300))).sum(dim=-1)  # 0 log 0 = 0
    return float(H.mean())
# --8<-- [end:entropy]


# --8<-- [start:heads]
def split_heads(X: Tensor, heads: int) -> Tensor:
    """(batch, T, d) -> (batch, heads, T, d_k), d_k = d / heads: head h gets
    the h-th slice of width d_k of every position's vector."""
    batch, T, d = X.shape
    return X.view(batch, T, heads, d // heads).transpose(1, 2)


def merge_heads(X: Tensor) -> Tensor:
    """(batch, heads, T, d_k) -> (batch, T, heads * d_k): concatenate the heads."""
    batch, heads, T, d_k = X.shape
    return X.transpose(1, 2).reshape(batch, T, heads * d_k)
# --8<-- [end:heads]


# --8<-- [start:mha]
class MultiHeadAttention(nn.Module):
    """MultiHead(X_q, X_kv) = Concat(head_1, ..., head_h) W_o, with
    head_i = Attention(X_q W_q^i, X_kv W_k^i, X_kv W_v^i).

    One (d, d) projection each for queries, keys and values computes all
    heads at once; ``split_heads`` cuts its output into heads of width
    d_k = d / heads, each attends on its own, ``merge_heads`` concatenates
    them and W_o mixes them. Self-attention is X_q = X_kv = X.

    mask: boolean (True = may attend) or float (added), broadcastable to
    (batch, T_q, T_k), the same for every head. torch.nn.MultiheadAttention's
    boolean masks say the opposite, True = *ignore*: its ``key_padding_mask``
    (batch, T_k) is ours as ``mask = ~key_padding_mask[:, None, :]`` (what
    ``padding_mask`` builds), its ``attn_mask`` (T_q, T_k) is ours as ``~attn_mask``.
    """

    def __init__(self, d: int, heads: int, bias: bool = True):
        super().__init__()
        if d % heads != 0:
            raise ValueError(f"d = {d} must be divisible by heads = {heads}")
        self.d, self.heads, self.d_k = d, heads, d // heads
        self.W_q = nn.Linear(d, d, bias=bias)
        self.W_k = nn.Linear(d, d, bias=bias)
        self.W_v = nn.Linear(d, d, bias=bias)
        self.W_o = nn.Linear(d, d, bias=bias)

    def forward(self, X_q: Tensor, X_kv: Tensor | None = None,
                mask: Tensor | None = None) -> tuple[Tensor, Tensor]:
        """X_q: (batch, T_q, d), X_kv: (batch, T_k, d) (default X_q) ->
        output (batch, T_q, d), weights (batch, heads, T_q, T_k)."""
        X_kv = X_q if X_kv is None else X_kv
        Q = split_heads(self.W_q(X_q), self.heads)   # (batch, heads, T_q, d_k)
        K = split_heads(self.W_k(X_kv), self.heads)  # (batch, heads, T_k, d_k)
        V = split_heads(self.W_v(X_kv), self.heads)
        if mask is not None:
            mask = mask.unsqueeze(-3)  # a heads axis: every head gets the same mask
        out, A = scaled_dot_product_attention(Q, K, V, mask)
        return self.W_o(merge_heads(out)), A
# --8<-- [end:mha]


# --8<-- [start:from_torch]
@torch.no_grad()
def from_torch(mha: nn.MultiheadAttention) -> MultiHeadAttention:
    """Our MultiHeadAttention with the weights of torch's.

    torch stacks the three input projections in one ``in_proj_weight`` of
    shape (3d, d), rows [W_q; W_k; W_v], and its biases the same way in
    ``in_proj_bias``; ``out_proj`` is W_o. nn.Linear stores a weight as
    (d_out, d_in), as torch does, so the blocks copy over unchanged.
    """
    if not mha._qkv_same_embed_dim or mha.bias_k is not None or mha.add_zero_attn:
        raise ValueError("only kdim = vdim = embed_dim, without add_bias_kv or add_zero_attn")
    d = mha.embed_dim
    ours = MultiHeadAttention(d, mha.num_heads, bias=mha.in_proj_bias is not None)
    ours = ours.to(dtype=mha.in_proj_weight.dtype, device=mha.in_proj_weight.device)
    for i, W in enumerate((ours.W_q, ours.W_k, ours.W_v)):
        W.weight.copy_(mha.in_proj_weight[i * d:(i + 1) * d])
        if W.bias is not None:
            W.bias.copy_(mha.in_proj_bias[i * d:(i + 1) * d])
    ours.W_o.weight.copy_(mha.out_proj.weight)
    if ours.W_o.bias is not None:
        ours.W_o.bias.copy_(mha.out_proj.bias)
    return ours
# --8<-- [end:from_torch]
