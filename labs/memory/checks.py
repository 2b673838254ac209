"""The memory lab's checks; each takes the counted or measured values and the formula under test.

Kinds: the byte formulas, the activation and peak predictions and the gradient accumulation are the
learner's (exercise); the 8-bit optimizer's tracking and checkpointing's gradients are experiments.
"""
from __future__ import annotations

from labs.memory.accounting import Counted
from labs.protocol import EXERCISE, Check, check_at_most, check_close, check_equal, check_skipped, check_true

NAMES = (
    "fp16_inference_2_bytes_per_param",
    "adamw_mixed_precision_16_bytes_per_param",
    "sgd_momentum_12_bytes_per_param",
    "int8_adam_state_bytes",
    "int8_adam_tracks_adamw",
    "activation_formula_matches_saved_tensors",
    "checkpointing_keeps_gradients",
    "accumulation_matches_big_batch_gradient",
    "accumulation_lowers_peak_activations",
    "predicted_peak_matches_measured",
    "checkpointed_peak_matches_prediction",
)

TRACKING_TOL = 0.05
FORMULA_TOL = 0.05
PEAK_TOL = 0.05


def _per_param(counted: Counted, n_params: int) -> str:
    parts = ", ".join(f"{k} {v / n_params:g}" for k, v in counted.parts.items())
    return f"{counted.total / n_params:g} B/param ({parts})"


def bytes_match(name: str, counted: Counted, formula_bytes: int, n_params: int, what: str) -> Check:
    return check_equal(name, formula_bytes, counted.total,
                       why=f"{what}: your formula vs the bytes counted on real tensors, "
                           f"{_per_param(counted, n_params)} for {n_params:,} params", kind=EXERCISE)


def int8_states(counted: Counted, formula_bytes: int, n_params: int) -> Check:
    return check_equal("int8_adam_state_bytes", formula_bytes, counted.total,
                       why=f"8-bit Adam keeps m and v in {counted.total / n_params:.3f} B/param "
                           f"(fp32 AdamW: 8) including one fp32 absmax per block: your formula vs counted",
                       kind=EXERCISE)


def int8_tracks(adamw: list[float], int8: list[float], window: int = 5) -> Check:
    def means(xs):
        return [sum(xs[i:i + window]) / window for i in range(0, len(xs) - window + 1, window)]
    gap = max(abs(a - b) / b for a, b in zip(means(int8), means(adamw)))
    return check_at_most("int8_adam_tracks_adamw", round(gap, 5), TRACKING_TOL,
                         why=f"same start, same batches: the 8-bit optimizer's loss curve stays near AdamW's "
                             f"({adamw[-1]:.3f} vs {int8[-1]:.3f} at the end)")


def activation_formula(cases: list[tuple[str, int, int]]) -> Check:
    """cases: (label, predicted by the learner's formula, measured by saved-tensor hooks)."""
    errors = {label: round(abs(pred - meas) / meas, 5) for label, pred, meas in cases}
    worst = max(errors.values())
    return check_true("activation_formula_matches_saved_tensors", worst <= FORMULA_TOL,
                      expected=f"relative error <= {FORMULA_TOL:g} in every case",
                      measured={label: {"predicted": p, "hooks": m, "error": errors[label]} for label, p, m in cases},
                      why="your activation_bytes, predicted before each forward pass, vs the bytes saved-tensor "
                          "hooks record (plain and checkpointed, long and short sequences)", kind=EXERCISE)


def same_gradients(name: str, rel_diff: float, what: str, tol: float = 1e-5, kind: str = "experiment") -> Check:
    return check_at_most(name, rel_diff, tol, why=f"{what} (max |diff| / max |grad|)", kind=kind)


def accumulation_lowers_peak(full: int, micro_peak: int, k: int) -> Check:
    return check_at_most("accumulation_lowers_peak_activations", round(micro_peak / full, 4), 1.1 / k,
                         why=f"with your accumulation, k={k} micro-batches hold about 1/{k} of the activations at "
                             f"once: {micro_peak:,} B at most vs {full:,} B for the whole batch", kind=EXERCISE)


def peak_matches(name: str, predicted: int, measured: int | None, how: str, what: str) -> Check:
    if measured is None:
        return check_skipped(name, expected=f"<= {PEAK_TOL:g}",
                             why="skipped: this torch's profiler exposes no CPU allocation events; run on CUDA",
                             kind=EXERCISE)
    err = abs(predicted - measured) / measured
    return check_close(name, measured, predicted, rel=PEAK_TOL,
                       why=f"{what}: your prediction {predicted:,} B vs {how} {measured:,} B "
                           f"(relative error {err:.4f})", kind=EXERCISE)
