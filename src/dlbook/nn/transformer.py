"""The transformer (chapter 10): sinusoidal positional encoding, a pre-norm
block, a tiny decoder-only language model, and sampling from it.

Shapes: batch, T (sequence length), d (model width), vocab (number of
tokens). A model maps token ids (batch, T) to logits (batch, T, vocab): the
scores of the token that comes next, at every position at once.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from dlbook.nn.attention import MultiHeadAttention, causal_mask


# --8<-- [start:positional_encoding]
def positional_encoding(T: int, d: int, dtype: torch.dtype | None = None) -> Tensor:
    """(T, d) sinusoids of Vaswani et al. (2017):

    PE[pos, 2i] = sin(pos / 10000^(2i/d)),  PE[pos, 2i+1] = cos(pos / 10000^(2i/d)).

    Each pair of columns turns at its own frequency, from one radian per
    position down to 1/10000; PE[pos + k] is a fixed rotation of PE[pos] in
    every pair, so a linear map of a query can point at "k positions away".
    """
    pos = torch.arange(T, dtype=torch.float64)[:, None]         # (T, 1)
    two_i = torch.arange(0, d, 2, dtype=torch.float64)          # (ceil(d/2),)
    angle = pos / 10000.0 ** (two_i / d)                         # (T, ceil(d/2))
    PE = torch.zeros(T, d, dtype=torch.float64)
    PE[:, 0::2] = torch.sin(angle)
    PE[:, 1::2] = torch.cos(angle[:, : d // 2])  # an odd d has one sine more
    return PE.to(dtype or torch.get_default_dtype())
# --8<-- [end:positional_encoding]


# --8<-- [start:block]
class TransformerBlock(nn.Module):
    """x <- x + MHA(LN(x));  x <- x + MLP(LN(x)): a pre-norm block.

    x: (batch, T, d) -> (batch, T, d). Each sub-layer adds its output to a
    residual stream it never rescales (the original post-norm block
    normalised the sum instead, LN(x + MHA(x))). Pre-norm, because gradients
    then flow back along the residual path unnormalised, straight from the
    loss to every layer; small models train stably without a learning-rate
    warm-up, which post-norm needs. The MLP works on each position alone:
    d -> d_ff -> d with a GELU between. ``attention_weights`` keeps the last
    forward's weights (batch, heads, T, T), detached, for heatmaps.
    """

    def __init__(self, d: int, heads: int, d_ff: int | None = None):
        super().__init__()
        d_ff = 4 * d if d_ff is None else d_ff
        self.ln_1 = nn.LayerNorm(d)
        self.attention = MultiHeadAttention(d, heads)
        self.ln_2 = nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, d_ff), nn.GELU(), nn.Linear(d_ff, d))
        self.attention_weights: Tensor | None = None

    def forward(self, x: Tensor, mask: Tensor | None = None) -> Tensor:
        """x: (batch, T, d); mask: boolean (True = may attend) or float,
        broadcastable to (batch, T, T)."""
        h, A = self.attention(self.ln_1(x), mask=mask)
        self.attention_weights = A.detach()
        x = x + h
        return x + self.mlp(self.ln_2(x))
# --8<-- [end:block]


# --8<-- [start:lm]
class TinyTransformerLM(nn.Module):
    """A decoder-only transformer: token embedding + positional encoding,
    N pre-norm blocks under a causal mask, a final layer norm, a linear head.

    ids: (batch, T) integers in [0, vocab), T <= max_len -> logits (batch, T, vocab);
    logits[:, t] score token t + 1 from tokens 0..t only. Two switches exist
    for the chapter's experiments: ``causal=False`` lets every position see
    the whole sequence (an encoder: right for mapping a sequence to another,
    such as reversing it; a leak when predicting the next token), and
    ``positional=False`` drops the positional encoding, which leaves
    attention blind to order.
    """

    def __init__(self, vocab: int, d: int = 32, heads: int = 1, layers: int = 1,
                 max_len: int = 64, d_ff: int | None = None, causal: bool = True,
                 positional: bool = True):
        super().__init__()
        self.vocab, self.max_len, self.causal = vocab, max_len, causal
        self.embedding = nn.Embedding(vocab, d)
        # a buffer, not a parameter: the encoding is fixed, but moves with .to()
        PE = positional_encoding(max_len, d) if positional else torch.zeros(max_len, d)
        self.PE: Tensor
        self.register_buffer("PE", PE, persistent=False)
        self.blocks = nn.ModuleList(TransformerBlock(d, heads, d_ff) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab)

    def forward(self, ids: Tensor) -> Tensor:
        T = ids.shape[1]
        if T > self.max_len:
            raise ValueError(f"sequence of {T} tokens, the model takes at most {self.max_len}")
        x = self.embedding(ids) + self.PE[:T]  # (batch, T, d)
        mask = causal_mask(T).to(ids.device) if self.causal else None
        for block in self.blocks:
            x = block(x, mask)
        return self.head(self.ln_f(x))
# --8<-- [end:lm]


# --8<-- [start:generate]
@torch.no_grad()
def generate(model: TinyTransformerLM, prompt_ids: Tensor, steps: int, temperature: float = 1.0,
             generator: torch.Generator | None = None) -> Tensor:
    """Extend prompt_ids (batch, T_0) by `steps` sampled tokens -> (batch, T_0 + steps).

    Each step feeds the sequence so far (its last max_len tokens), takes the
    logits at the last position, and samples from softmax(logits / temperature):
    below 1 sharpens the distribution, above 1 flattens it, 0 takes the argmax
    (greedy). A fixed generator makes the samples repeatable.
    """
    was_training = model.training
    model.eval()
    ids = prompt_ids
    for _ in range(steps):
        logits = model(ids[:, -model.max_len:])[:, -1]  # (batch, vocab)
        if temperature == 0:
            next_id = logits.argmax(dim=-1, keepdim=True)
        else:
            p = torch.softmax(logits / temperature, dim=-1)
            next_id = torch.multinomial(p, 1, generator=generator)
        ids = torch.cat([ids, next_id], dim=1)
    model.train(was_training)
    return ids
# --8<-- [end:generate]


def sequence_loss(logits: Tensor, targets: Tensor) -> Tensor:
    """Mean cross-entropy over every position: logits (batch, T, vocab), targets (batch, T)."""
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))

