"""The LoRA lab's checks; each takes the measurement or implementation under test.

Kinds: the parameter count, init, forward, merge, state ratio, rank-r residual and NF4 formulas are
the learner's (exercise); training, frozen weights, the rank experiment, bitsandbytes against the
independent NF4 codebook and the QLoRA step are experiments; what peft does by itself is a demo.
"""
from __future__ import annotations

from labs.protocol import (
    EXERCISE,
    Check,
    check_at_least,
    check_at_most,
    check_close,
    check_equal,
    check_skipped,
    check_true,
    demo,
)

NAMES = (
    "trainable_params_match_formula",
    "lora_b_initialised_to_zero",
    "first_logits_equal_base",
    "own_init_starts_at_base_and_can_learn",
    "training_lowers_loss",
    "base_weights_bit_identical",
    "own_forward_matches_peft",
    "own_merge_matches_peft",
    "merged_logits_match_adapter",
    "merge_leaves_no_adapters",
    "optimizer_state_ratio_matches_formula",
    "predicted_rank_r_residual_matches_training",
    "lora_rank_r_reaches_best_rank_r_error",
    "full_finetune_fits_rank_above_r",
    "own_nf4_round_trip_matches_codebook",
    "bitsandbytes_nf4_matches_independent_codebook",
    "nf4_bytes_match_bitsandbytes",
    "nf4_double_quant_bytes_match_bitsandbytes",
    "qlora_step_trains_adapters_on_4bit_base",
)

MERGE_TOL = 1e-5
FORWARD_TOL = 1e-5
RESIDUAL_TOL = 0.05
NF4_TOL = 1e-5  # of the tensor's absmax: rounding of level x absmax in fp32
NO_BNB = "skipped: bitsandbytes is not installed here (pip install 'studyapp[qlora]')"


def trainable_params(counted: int, formula: int, layers: int, r: int) -> Check:
    return check_equal("trainable_params_match_formula", formula, counted,
                       why=f"your count vs peft's trainable parameters, summed over {layers} adapted matrices, r={r}",
                       kind=EXERCISE)


def b_zero(nonzero: int) -> Check:
    return demo("lora_b_initialised_to_zero", shown=nonzero, why="peft starts every B at zero (non-zero entries)")


def first_logits(max_diff: float) -> Check:
    return demo("first_logits_equal_base", shown=max_diff,
                why="with B = 0 the wrapped model's first logits equal the base model's (max |diff|)")


def own_init(start_diff: float, grad_b_norm: float) -> Check:
    ok = start_diff <= 1e-6 and grad_b_norm > 0
    return check_true("own_init_starts_at_base_and_can_learn", ok,
                      expected="output == base output (max |diff| <= 1e-6) and grad of B != 0",
                      measured={"max_diff_from_base": start_diff, "grad_b_norm": grad_b_norm},
                      why="your (A, B): the adapted layer starts as the frozen one, and a first step moves B",
                      kind=EXERCISE)


def loss_drop(first: float, last: float, min_drop: float) -> Check:
    return check_at_least("training_lowers_loss", round(1 - last / first, 4), min_drop,
                          why=f"training only the adapters lowers the loss from {first:.3f} to {last:.3f}")


def base_unchanged(changed: list[str], total: int) -> Check:
    example = f" (e.g. {changed[0]})" if changed else ""
    return check_equal("base_weights_bit_identical", len(changed), 0,
                       why=f"frozen base tensors that changed, of {total}{example}")


def own_forward(rel_err: float, layers: int) -> Check:
    return check_at_most("own_forward_matches_peft", rel_err, FORWARD_TOL,
                         why=f"your lora_forward vs peft's LoRA layers on their inputs ({layers} layers, "
                             "max |diff| / max |output|)", kind=EXERCISE)


def own_merge(rel_err: float) -> Check:
    return check_at_most("own_merge_matches_peft", rel_err, 1e-6,
                         why="your merged weight vs peft's merge_and_unload (max relative error)", kind=EXERCISE)


def merged_logits(rel_err: float) -> Check:
    return check_at_most("merged_logits_match_adapter", rel_err, MERGE_TOL,
                         why="the base model with YOUR merged weights gives the adapted model's logits "
                             "(max |diff| / max |logit|)", kind=EXERCISE)


def no_adapters_left(left: int, model_type: str) -> Check:
    return demo("merge_leaves_no_adapters", shown=left,
                why=f"after peft's merge, a plain {model_type} with no LoRA modules: no inference latency")


def state_ratio(measured: float, expected: float, lora_bytes: int, full_bytes: int) -> Check:
    return check_close("optimizer_state_ratio_matches_formula", measured, expected, rel=1e-9,
                       why=f"AdamW state bytes, LoRA vs full fine-tuning: {lora_bytes:,} vs {full_bytes:,}; "
                           f"expected = your trainable count / all params", kind=EXERCISE)


def predicted_residual(predicted: float, trained: float, r: int, rank: int) -> Check:
    return check_close("predicted_rank_r_residual_matches_training", predicted, trained, rel=RESIDUAL_TOL,
                       why=f"your rank_r_residual, before training, vs the error LoRA r={r} is left with on an "
                           f"update of rank {rank} (||W - W*||_F / ||dW*||_F)", kind=EXERCISE)


def lora_at_best(trained: float, best: float, r: int, rank: int) -> Check:
    return check_close("lora_rank_r_reaches_best_rank_r_error", trained, best, rel=RESIDUAL_TOL,
                       why=f"LoRA r={r} trained on an update of rank {rank} ends at the Eckart-Young error of "
                           "the best rank-r approximation (torch.linalg.svdvals): it cannot go lower")


def full_fits(full: float, lora: float) -> Check:
    return check_at_most("full_finetune_fits_rank_above_r", full, 0.05 * lora,
                         why=f"full fine-tuning of the same layer fits the update (residual {full:.2e}); "
                             f"LoRA is left with {lora:.3f}: bound 5 % of LoRA's")


def own_nf4(rel_err: float) -> Check:
    return check_at_most("own_nf4_round_trip_matches_codebook", rel_err, NF4_TOL,
                         why="your nf4_quantize vs blockwise rounding to the 16 NF4 levels of the QLoRA paper "
                             "(max |diff| / max |W|)", kind=EXERCISE)


def bnb_matches_codebook(rel_err: float | None, mean_errors: tuple[float, float] | None) -> Check:
    if rel_err is None:
        return check_skipped("bitsandbytes_nf4_matches_independent_codebook", expected=f"<= {NF4_TOL:g}", why=NO_BNB)
    return check_at_most("bitsandbytes_nf4_matches_independent_codebook", rel_err, NF4_TOL,
                         why="bitsandbytes' NF4 quantise/dequantise vs the independent codebook's round trip "
                             f"(max |diff| / max |W|); mean |error| {mean_errors[0]:.5f} vs {mean_errors[1]:.5f}")


def nf4_bytes(name: str, formula: int | None, counted: int | None, what: str) -> Check:
    if counted is None:
        return check_skipped(name, expected="your formula's bytes", why=NO_BNB, kind=EXERCISE)
    return check_equal(name, formula, counted,
                       why=f"your nf4_storage_bytes vs bytes bitsandbytes stores, {what}", kind=EXERCISE)


def qlora_step(first: float | None, last: float | None, changed: int, total: int, min_drop: float) -> Check:
    if first is None:
        return check_skipped("qlora_step_trains_adapters_on_4bit_base", expected=f"drop >= {min_drop:g}", why=NO_BNB)
    drop = 1 - last / first
    ok = drop >= min_drop and changed == 0 and total > 0
    return check_true("qlora_step_trains_adapters_on_4bit_base", ok,
                      expected=f"loss drop >= {min_drop:g}, 0 packed 4-bit weights changed",
                      measured={"loss_drop": round(drop, 4), "changed_4bit_tensors": changed, "4bit_tensors": total},
                      why="LoRA adapters over bitsandbytes NF4 Linear4bit layers train while the 4-bit base stays put")
