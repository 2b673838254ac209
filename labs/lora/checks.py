"""The LoRA lab's checks; each takes the measurement or implementation under test."""
from __future__ import annotations

from labs.protocol import Check, check_at_least, check_at_most, check_close, check_equal

NAMES = (
    "trainable_params_match_formula",
    "lora_b_initialised_to_zero",
    "first_logits_equal_base",
    "training_lowers_loss",
    "base_weights_bit_identical",
    "delta_w_rank_at_most_r",
    "own_merge_matches_peft",
    "merged_logits_match_adapter",
    "merge_leaves_no_adapters",
    "optimizer_state_ratio_matches_formula",
)

MERGE_TOL = 1e-5


def trainable_params(counted: int, formula: int, layers: int, r: int) -> Check:
    return check_equal("trainable_params_match_formula", counted, formula,
                       why=f"peft's trainable parameters = sum of r*(d_in+d_out) over {layers} adapted matrices, r={r}")


def b_zero(nonzero: int) -> Check:
    return check_equal("lora_b_initialised_to_zero", nonzero, 0, why="B starts at zero (non-zero entries of all B)")


def first_logits(max_diff: float) -> Check:
    return check_at_most("first_logits_equal_base", max_diff, 1e-6,
                         why="with B = 0, BA = 0: the wrapped model's first logits equal the base model's (max |diff|)")


def loss_drop(first: float, last: float, min_drop: float) -> Check:
    return check_at_least("training_lowers_loss", round(1 - last / first, 4), min_drop,
                          why=f"training only the adapters lowers the loss from {first:.3f} to {last:.3f}")


def base_unchanged(changed: list[str], total: int) -> Check:
    example = f" (e.g. {changed[0]})" if changed else ""
    return check_equal("base_weights_bit_identical", len(changed), 0,
                       why=f"frozen base tensors that changed, of {total}{example}")


def rank(max_rank: int, r: int, layers: int) -> Check:
    return check_at_most("delta_w_rank_at_most_r", max_rank, r,
                         why=f"the update dW = BA has rank <= r: largest rank over {layers} adapted matrices")


def own_merge(rel_err: float) -> Check:
    return check_at_most("own_merge_matches_peft", rel_err, 1e-6,
                         why="W + (alpha/r) B A equals peft's merged weight (max relative error)")


def merged_logits(rel_err: float) -> Check:
    return check_at_most("merged_logits_match_adapter", rel_err, MERGE_TOL,
                         why="merge_and_unload gives the adapted model's logits (max |diff| / max |logit|)")


def no_adapters_left(left: int, model_type: str) -> Check:
    return check_equal("merge_leaves_no_adapters", left, 0,
                       why=f"after merging, a plain {model_type} with no LoRA modules: no inference latency")


def state_ratio(measured: float, expected: float, lora_bytes: int, full_bytes: int) -> Check:
    return check_close("optimizer_state_ratio_matches_formula", measured, expected, rel=1e-9,
                       why=f"AdamW state bytes, LoRA vs full fine-tuning: {lora_bytes:,} vs {full_bytes:,} "
                           f"(expected = trainable / all params)")
