"""Tiny GPT-2, Llama, BERT and T5 built from configs (random weights, float64), and what they attend to.

Float64 makes "unchanged" exact: an output that cannot see a changed token differs by 0, one that can
differs by far more than rounding, so the two are told apart with a wide margin.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from transformers import (
    BertConfig,
    BertForMaskedLM,
    GPT2Config,
    GPT2LMHeadModel,
    LlamaConfig,
    LlamaForCausalLM,
    T5Config,
    T5ForConditionalGeneration,
)

from labs import runtime  # noqa: F401  (sets HF_HUB_OFFLINE before transformers is used)

UNCHANGED_TOL = 1e-9  # float64: a position that cannot see the change moves by exactly 0


@dataclass
class Models:
    gpt2: GPT2LMHeadModel
    llama: LlamaForCausalLM
    bert: BertForMaskedLM
    t5: T5ForConditionalGeneration
    vocab: int


def build(vocab: int, hidden: int, layers: int, heads: int, max_len: int, device: str, seed: int = 0) -> Models:
    torch.manual_seed(seed)
    common = dict(attn_implementation="eager")  # eager: the attention probabilities are returned
    gpt2 = GPT2LMHeadModel(GPT2Config(vocab_size=vocab, n_embd=hidden, n_layer=layers, n_head=heads,
                                      n_positions=max_len, bos_token_id=0, eos_token_id=0, resid_pdrop=0.0,
                                      embd_pdrop=0.0, attn_pdrop=0.0, **common))
    llama = LlamaForCausalLM(LlamaConfig(vocab_size=vocab, hidden_size=hidden, intermediate_size=2 * hidden,
                                         num_hidden_layers=layers, num_attention_heads=heads,
                                         num_key_value_heads=max(heads // 2, 1), max_position_embeddings=max_len,
                                         bos_token_id=0, eos_token_id=0, pad_token_id=0, **common))
    bert = BertForMaskedLM(BertConfig(vocab_size=vocab, hidden_size=hidden, num_hidden_layers=layers,
                                      num_attention_heads=heads, intermediate_size=2 * hidden,
                                      max_position_embeddings=max_len, hidden_dropout_prob=0.0,
                                      attention_probs_dropout_prob=0.0, pad_token_id=0, **common))
    t5 = T5ForConditionalGeneration(T5Config(vocab_size=vocab, d_model=hidden, d_kv=hidden // heads,
                                             d_ff=2 * hidden, num_layers=layers, num_heads=heads, dropout_rate=0.0,
                                             decoder_start_token_id=0, pad_token_id=0, eos_token_id=1, **common))
    found = [m.to(device=device, dtype=torch.float64).eval() for m in (gpt2, llama, bert, t5)]
    return Models(*found, vocab=vocab)


def parameter_counts(models: Models) -> dict[str, int]:
    names = ("gpt2", "llama", "bert", "t5")
    return {name: sum(p.numel() for p in getattr(models, name).parameters()) for name in names}


def left_padded_positions(attention_mask: torch.Tensor) -> torch.Tensor:
    """Llama's rotary positions must start at 0 on the first REAL token of a left-padded row."""
    return (attention_mask.long().cumsum(-1) - 1).clamp(min=0)


@torch.no_grad()
def attended(probs: tuple[torch.Tensor, ...]) -> torch.Tensor:
    """(batch, q, k) bool: where any head of any layer gave a key a probability above zero."""
    return torch.stack([p > 0 for p in probs]).any(dim=0).any(dim=1)


@torch.no_grad()
def gpt2_pattern(models: Models, ids: torch.Tensor) -> torch.Tensor:
    return attended(models.gpt2(ids, output_attentions=True).attentions)


@torch.no_grad()
def bert_pattern(models: Models, ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    return attended(models.bert(ids, attention_mask=attention_mask, output_attentions=True).attentions)


@torch.no_grad()
def llama_pattern(models: Models, ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    out = models.llama(ids, attention_mask=attention_mask, position_ids=left_padded_positions(attention_mask),
                       output_attentions=True)
    return attended(out.attentions)


@torch.no_grad()
def t5_patterns(models: Models, ids, attention_mask, decoder_ids) -> dict[str, torch.Tensor]:
    out = models.t5(input_ids=ids, attention_mask=attention_mask, decoder_input_ids=decoder_ids,
                    output_attentions=True)
    return {"encoder": attended(out.encoder_attentions), "decoder": attended(out.decoder_attentions),
            "cross": attended(out.cross_attentions)}


# --- perturbation: which outputs move when one input token changes --------------------------------


def _outputs(models: Models, architecture: str, ids: torch.Tensor, decoder_ids: torch.Tensor) -> torch.Tensor:
    if architecture == "gpt2":
        return models.gpt2(ids).logits
    if architecture == "llama":
        return models.llama(ids).logits
    if architecture == "bert":
        return models.bert(ids).logits
    return models.t5(input_ids=ids, decoder_input_ids=decoder_ids).logits


def _perturbed(ids: torch.Tensor, position: int, vocab: int) -> torch.Tensor:
    changed = ids.clone()
    changed[:, position] = (changed[:, position] + 1 + position) % vocab
    return changed


@torch.no_grad()
def output_change(models: Models, architecture: str, ids: torch.Tensor, decoder_ids: torch.Tensor,
                  position: int, in_decoder: bool = False) -> torch.Tensor:
    """Max |change| of the outputs at each position, (seq_len,), when one input token is replaced."""
    base = _outputs(models, architecture, ids, decoder_ids)
    if in_decoder:
        moved = _outputs(models, architecture, ids, _perturbed(decoder_ids, position, models.vocab))
    else:
        moved = _outputs(models, architecture, _perturbed(ids, position, models.vocab), decoder_ids)
    return (moved - base).abs().amax(dim=(0, 2))


@torch.no_grad()
def padding_drift(models: Models, ids: torch.Tensor, pad: int) -> dict[str, float]:
    """Max |change| of the real tokens' logits when `pad` padding tokens are added (BERT right, Llama left)."""
    batch, seq = ids.shape
    pad_ids = torch.zeros(batch, pad, dtype=ids.dtype, device=ids.device)
    ones = torch.ones(batch, seq, dtype=torch.long, device=ids.device)
    zeros = torch.zeros(batch, pad, dtype=torch.long, device=ids.device)
    bert_plain = models.bert(ids).logits
    bert_padded = models.bert(torch.cat([ids, pad_ids], 1), attention_mask=torch.cat([ones, zeros], 1)).logits
    llama_plain = models.llama(ids).logits
    mask = torch.cat([zeros, ones], 1)
    llama_padded = models.llama(torch.cat([pad_ids, ids], 1), attention_mask=mask,
                                position_ids=left_padded_positions(mask)).logits
    return {"bert": float((bert_padded[:, :seq] - bert_plain).abs().max()),
            "llama": float((llama_padded[:, pad:] - llama_plain).abs().max())}
