"""The in-context learning lab's checks. Each takes the results under test as input, so a test can
hand it wrong ones and watch it fail."""
from __future__ import annotations

from labs.protocol import Check, check_at_least, check_at_most, check_true

NAMES = (
    "prompt_matches_training_layout",
    "posterior_matches_enumeration",
    "bayes_answer_matches_enumeration",
    "your_few_shot_prompts_reach_bayes_accuracy",
    "your_instruction_prompt_solves_zero_shot",
    "model_accuracy_follows_bayes_curve",
    "few_shot_gain_over_zero_shot",
)

ACCURACY_TOL = 0.06  # a few hundred prompts per point: sampling noise ~0.02, training leaves ~0.01
PROB_TOL = 1e-9


def prompts_match(mismatches: list, cases: int) -> Check:
    return check_true("prompt_matches_training_layout", not mismatches, expected=f"0 of {cases} prompts differ",
                      measured={"differing": len(mismatches), "examples": mismatches[:2]},
                      why="your prompts are the training sequences cut before the answer, token for token "
                          "(the model only knows the layout it was trained on)")


def posterior_matches(max_diff: float, cases: int) -> Check:
    return check_at_most("posterior_matches_enumeration", max_diff, PROB_TOL,
                         why=f"your task_posterior equals the uniform posterior over the consistent tasks "
                             f"(largest difference over {cases} cases, 0 to 4 examples)")


def bayes_answer_matches(max_diff: float, wrong_answers: int, cases: int) -> Check:
    return check_true("bayes_answer_matches_enumeration", max_diff <= PROB_TOL and wrong_answers == 0,
                      expected="the most probable answer, its probability within 1e-9",
                      measured={"largest_probability_difference": max_diff, "not_most_probable": wrong_answers,
                                "cases": cases},
                      why="your bayes_answer picks an answer of highest posterior-predictive mass and reports it")


def _curve_gaps(accuracy: dict, bayes: dict) -> dict:
    return {str(k): round(accuracy[k] - bayes[k], 4) for k in accuracy}


def near_bayes(name: str, accuracy: dict, bayes: dict, why: str) -> Check:
    gaps = _curve_gaps(accuracy, bayes)
    ok = all(abs(g) <= ACCURACY_TOL for g in gaps.values())
    return check_true(name, ok, expected=f"|accuracy - Bayes| <= {ACCURACY_TOL} at every k",
                      measured={"accuracy": {str(k): round(v, 4) for k, v in accuracy.items()},
                                "bayes": {str(k): round(v, 4) for k, v in bayes.items()}, "gap": gaps}, why=why)


def instruction_solves(accuracy: float) -> Check:
    return check_at_least("your_instruction_prompt_solves_zero_shot", round(accuracy, 4), 0.95,
                          why="zero examples but the task's instruction token: the model answers (Bayes: 1.0)")


def few_shot_gain(acc_zero: float, acc_few: float, shots: int) -> Check:
    return check_at_least("few_shot_gain_over_zero_shot", round(acc_few - acc_zero, 4), 0.5,
                          why=f"accuracy with {shots} examples minus accuracy with none (no instruction): the "
                              f"examples identify the task; alone, the query cannot")
