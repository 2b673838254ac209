"""The instruction-tuning lab's checks. Each takes the results under test as input, so a test can
hand it wrong ones and watch it fail."""
from __future__ import annotations

import math

from labs.protocol import Check, check_at_least, check_at_most, check_true

NAMES = (
    "chat_template_matches_transformers",
    "collate_matches_transformers",
    "loss_matches_transformers",
    "schedule_matches_transformers",
    "prompt_tokens_get_no_gradient",
    "every_response_token_is_trained",
    "your_pipeline_teaches_the_instructions",
    "too_low_learning_rate_stalls",
    "too_high_learning_rate_diverges",
    "many_epochs_on_few_examples_overfit",
    "diverse_phrasings_generalise_to_new_ones",
)

LOSS_TOL = 1e-5
STALL_SHARE = 0.85  # too low: the loss keeps at least this share of its starting value
OVERFIT_RISE = 1.3  # held-out loss ends at least this many times its minimum
DIVERSITY_GAIN = 0.2  # accuracy on new phrasings, diverse minus single
LEARNED_ACCURACY = 0.7


def texts_match(mismatches: list, cases: int) -> Check:
    return check_true("chat_template_matches_transformers", not mismatches, expected=f"0 of {cases} differ",
                      measured={"differing": len(mismatches), "examples": mismatches[:2]},
                      why="your render_chat gives the text transformers' apply_chat_template renders from the "
                          "Jinja template (system/user/assistant turns, with and without the generation prompt)")


def collate_matches(differences: dict, batches: int) -> Check:
    return check_true("collate_matches_transformers", not differences, expected="identical tensors",
                      measured=differences or {"batches": batches},
                      why="your collate pads input_ids, attention_mask and labels as DataCollatorForSeq2Seq does "
                          "(right padding, labels padded with -100)")


def loss_matches(yours: float, theirs: float) -> Check:
    diff = abs(yours - theirs) if math.isfinite(yours) else float("inf")
    return check_true("loss_matches_transformers", diff <= LOSS_TOL, expected=f"|diff| <= {LOSS_TOL:g}",
                      measured={"yours": round(yours, 6), "transformers": round(theirs, 6)},
                      why="your causal_lm_loss equals LlamaForCausalLM(labels=...).loss on a padded batch: "
                          "position t predicts token t+1, -100 labels are left out of the mean")


def schedule_matches(max_diff: float, steps: int) -> Check:
    return check_at_most("schedule_matches_transformers", max_diff, 1e-9,
                         why=f"your lr_at(step) / peak equals get_cosine_schedule_with_warmup's multiplier at all "
                             f"{steps} steps of three schedules (largest difference)")


def no_gradient_on_prompt(leaking_positions: int, positions: int) -> Check:
    return check_true("prompt_tokens_get_no_gradient", leaking_positions == 0, expected="0 positions",
                      measured={"positions_with_gradient": leaking_positions, "of": positions},
                      why="with your labels and collate, the logits that predict prompt or padding tokens get "
                          "exactly zero gradient from transformers' loss: the model is not trained to write prompts")


def response_trained(untrained_positions: int, positions: int) -> Check:
    return check_true("every_response_token_is_trained", untrained_positions == 0, expected="0 positions",
                      measured={"positions_without_gradient": untrained_positions, "of": positions},
                      why="every logit that predicts a response token (answer, <|end|>) gets a gradient")


def pipeline_teaches(accuracy: float) -> Check:
    return check_at_least("your_pipeline_teaches_the_instructions", round(accuracy, 4), LEARNED_ACCURACY,
                          why="a tiny Llama fine-tuned with your template, labels, collate, loss and schedule "
                              "answers held-out instructions (training phrasings, new digits-task pairs)")


def stalls(first: float, last: float, lr: float) -> Check:
    share = last / first if math.isfinite(last) else float("inf")
    return check_at_least("too_low_learning_rate_stalls", round(share, 4), STALL_SHARE,
                          why=f"lr {lr:g}: training loss at the end / at the start; the steps are too small to "
                              f"move the weights, so the loss barely falls")


def diverges(first: float, last: float, lr: float) -> Check:
    share = last / first if math.isfinite(last) else float("inf")  # a NaN or infinite loss has diverged
    return check_true("too_high_learning_rate_diverges", share >= 1.0, expected=">= 1 (or not a number)",
                      measured=round(share, 4) if math.isfinite(share) else "inf",
                      why=f"lr {lr:g}: training loss at the end / at the start; the steps overshoot, so "
                          f"the loss ends higher than it began (or is not a number)")


def overfits(curve: list[tuple[int, float, float]]) -> Check:
    """curve: (step, train loss, held-out loss) at regular steps."""
    best = min(range(len(curve)), key=lambda i: curve[i][2])
    rise = curve[-1][2] / curve[best][2]
    ok = best < len(curve) - 1 and rise >= OVERFIT_RISE and curve[-1][1] < curve[best][1]
    return check_true("many_epochs_on_few_examples_overfit", ok,
                      expected=f"held-out answer loss ends >= {OVERFIT_RISE}x its minimum while training loss falls",
                      measured={"best_step": curve[best][0], "held_out_min": round(curve[best][2], 4),
                                "held_out_end": round(curve[-1][2], 4), "train_at_best": round(curve[best][1], 4),
                                "train_end": round(curve[-1][1], 4)},
                      why="many epochs over a few examples: the model memorises them and gets worse on new ones")


def diversity_helps(single: float, diverse: float) -> Check:
    return check_at_least("diverse_phrasings_generalise_to_new_ones", round(diverse - single, 4), DIVERSITY_GAIN,
                          why=f"accuracy on unseen phrasings: trained on 5 phrasings per task ({diverse:.2f}) minus "
                              f"on 1 ({single:.2f}), same steps and data size")
