"""The attention lab's checks: each compares the learner's masks or predictions with what a model did."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from labs.attention.models import UNCHANGED_TOL
from labs.protocol import Check, check_at_least, check_at_most, check_equal, graded

NAMES = (
    "causal_mask_matches_gpt2",
    "padding_mask_matches_bert",
    "decoder_mask_matches_llama_left_padding",
    "t5_encoder_mask_matches",
    "t5_decoder_mask_matches",
    "t5_cross_attention_mask_matches",
    "masked_attention_matches_sdpa",
    "predicted_unaffected_match_gpt2_llama",
    "predicted_unaffected_match_bert",
    "predicted_unaffected_match_t5",
    "decoders_never_look_ahead",
    "bert_sees_later_tokens",
    "t5_decoder_sees_whole_encoder",
    "padding_leaves_real_tokens_unchanged",
)


def _worse(worst: float, value: float) -> float:
    """The larger of the two, where NaN (a broken implementation) is worse than anything."""
    value = float(value)
    return math.inf if math.isnan(value) else max(worst, value)


def mismatches(pattern: torch.Tensor, mask: torch.Tensor, rows: torch.Tensor | None = None) -> int:
    """Entries where a model's attended pattern and a mask disagree (optionally only some query rows)."""
    mask = torch.as_tensor(mask).to(device=pattern.device, dtype=torch.bool)
    if mask.shape != pattern.shape:
        mask = mask.broadcast_to(pattern.shape)
    differ = pattern != mask
    if rows is not None:
        differ = differ[rows]
    return int(differ.sum())


def mask_check(name: str, pattern: torch.Tensor, make_mask, what: str, rows=None) -> Check:
    return graded(name, lambda: check_equal(name, mismatches(pattern, make_mask(), rows), 0,
                                            why=f"{what}: entries where your mask and the model's nonzero "
                                                f"attention disagree (of {pattern.numel()})"),
                  expected=0, why=what)


def sdpa_disagreement(own, q, k, v, masks) -> float:
    worst = 0.0
    for allowed in masks:
        mine = own(q, k, v, allowed)
        theirs = F.scaled_dot_product_attention(q, k, v, attn_mask=allowed)
        worst = _worse(worst, float((mine - theirs).abs().max()))
    return worst


def masked_attention_check(own, q, k, v, masks) -> Check:
    name = "masked_attention_matches_sdpa"
    return graded(name, lambda: check_at_most(
        name, sdpa_disagreement(own, q, k, v, masks), 1e-10,
        why=f"your masked attention equals torch's scaled_dot_product_attention on {len(masks)} masks "
            "(causal, padding, random), max abs diff in float64"), expected="<= 1e-10", why="masked attention")


def prediction_check(name: str, cases, predict) -> Check:
    """cases: (architecture, changed position, measured per-position change). Counts wrong predictions."""
    def compute() -> Check:
        wrong = 0
        total = 0
        for architecture, position, change in cases:
            measured = (change <= UNCHANGED_TOL).cpu()
            predicted = torch.as_tensor(predict(architecture, change.numel(), position)).bool().cpu()
            wrong += int((predicted.broadcast_to(measured.shape) != measured).sum())
            total += measured.numel()
        return check_equal(name, wrong, 0, why=f"positions where your 'cannot change' prediction disagrees with "
                                                f"the model's outputs after changing one token (of {total})")
    return graded(name, compute, expected=0, why="unaffected positions")


def never_look_ahead(changes) -> Check:
    worst = max(float(change[:position].max()) if position else 0.0 for _, position, change in changes)
    return check_at_most("decoders_never_look_ahead", worst, UNCHANGED_TOL,
                         why="GPT-2 and Llama: logits before a changed token do not move at all "
                             "(max |change| over earlier positions, float64)")


def bert_sees_later(changes) -> Check:
    least = min(float(change[:position].min()) for _, position, change in changes if position)
    return check_at_least("bert_sees_later_tokens", least, 1e-6,
                          why="BERT is bidirectional: changing a later token moves every earlier position "
                              "(smallest |change| before it)")


def t5_sees_encoder(changes) -> Check:
    least = min(float(change.min()) for _, _, change in changes)
    return check_at_least("t5_decoder_sees_whole_encoder", least, 1e-6,
                          why="T5's decoder cross-attends to every encoder token: changing any one moves "
                              "all decoder logits (smallest |change|)")


def padding_unchanged(drift: dict[str, float]) -> Check:
    return check_at_most("padding_leaves_real_tokens_unchanged", max(drift.values()), UNCHANGED_TOL,
                         why=f"adding masked padding (BERT right, Llama left with shifted positions) leaves the "
                             f"real tokens' logits as they were: {drift}")
