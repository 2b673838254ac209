"""Your turn: write the attention masks, then run `python -m labs attention --exercise`.

Convention: a boolean mask is True where a query position MAY attend to a key position.
The lab reads the attention probabilities of GPT-2, Llama, BERT and T5 (built from configs, random
weights) and compares where they are zero with YOUR masks; it changes one input token and compares
which outputs moved with YOUR prediction. Hints: torch.tril, broadcasting with [:, None, :],
masked_fill, softmax.
"""
from __future__ import annotations

import torch


def causal_mask(seq_len: int) -> torch.Tensor:
    """(seq_len, seq_len) bool: query i may attend key j only when j <= i (GPT's one-way attention)."""
    raise NotImplementedError("exercise.py: causal_mask")


def padding_mask(attention_mask: torch.Tensor, query_len: int) -> torch.Tensor:
    """attention_mask is (batch, key_len) with 1 for real tokens and 0 for padding.

    Return (batch, query_len, key_len) bool: every query may attend every real key, no padded key.
    (BERT's encoder self-attention, and T5's cross-attention where the keys are the encoder's tokens.)
    """
    raise NotImplementedError("exercise.py: padding_mask")


def decoder_mask(attention_mask: torch.Tensor) -> torch.Tensor:
    """A decoder's self-attention on a padded batch: (batch, seq, seq) bool, causal AND not padding."""
    raise NotImplementedError("exercise.py: decoder_mask")


def masked_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, allowed: torch.Tensor) -> torch.Tensor:
    """Scaled dot-product attention: softmax(q k^T / sqrt(d) with disallowed scores at -inf) v.

    q, k, v are (batch, heads, len, d); `allowed` broadcasts to (batch, heads, q_len, k_len).
    """
    raise NotImplementedError("exercise.py: masked_attention")


def unaffected_positions(architecture: str, seq_len: int, changed: int) -> torch.Tensor:
    """(seq_len,) bool: which OUTPUT positions cannot change when the input token at `changed` changes.

    architecture: "decoder" (GPT-2, Llama: the logits at every position), "encoder" (BERT: the
    hidden states at every position), "t5-encoder-token" (T5's decoder logits when a token of the
    ENCODER's input changes; seq_len is the decoder's length) and "t5-decoder-token" (T5's decoder
    logits when a token of the decoder's own input changes).
    """
    raise NotImplementedError("exercise.py: unaffected_positions")
