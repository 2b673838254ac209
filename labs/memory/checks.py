"""The memory lab's checks; each takes the counted or measured values and the formula under test."""
from __future__ import annotations

from labs.memory.accounting import Counted
from labs.memory.peak import Peak
from labs.protocol import Check, check_at_least, check_at_most, check_close, check_equal, check_skipped

NAMES = (
    "fp16_inference_2_bytes_per_param",
    "adamw_mixed_precision_16_bytes_per_param",
    "sgd_momentum_12_bytes_per_param",
    "int8_adam_state_bytes",
    "int8_adam_tracks_adamw",
    "activations_scale_with_batch",
    "checkpointing_cuts_activations",
    "checkpointing_keeps_gradients",
    "accumulation_matches_big_batch_gradient",
    "accumulation_lowers_peak_activations",
    "predicted_peak_matches_measured",
)

TRACKING_TOL = 0.05
PEAK_TOL = 0.10  # the bound; the aim is 5%


def _per_param(counted: Counted, n_params: int) -> str:
    parts = ", ".join(f"{k} {v / n_params:g}" for k, v in counted.parts.items())
    return f"{counted.total / n_params:g} B/param ({parts})"


def bytes_match(name: str, counted: Counted, formula_bytes: int, n_params: int, what: str) -> Check:
    return check_equal(name, counted.total, formula_bytes,
                       why=f"{what}: counted {_per_param(counted, n_params)} for {n_params:,} params")


def int8_states(counted: Counted, formula_bytes: int, n_params: int) -> Check:
    return check_equal("int8_adam_state_bytes", counted.total, formula_bytes,
                       why=f"8-bit Adam keeps m and v in {counted.total / n_params:.3f} B/param "
                           f"(fp32 AdamW: 8) including one fp32 absmax per block")


def int8_tracks(adamw: list[float], int8: list[float], window: int = 5) -> Check:
    def means(xs):
        return [sum(xs[i:i + window]) / window for i in range(0, len(xs) - window + 1, window)]
    gap = max(abs(a - b) / b for a, b in zip(means(int8), means(adamw)))
    return check_at_most("int8_adam_tracks_adamw", round(gap, 5), TRACKING_TOL,
                         why=f"same start, same batches: the 8-bit optimizer's loss curve stays near AdamW's "
                             f"({adamw[-1]:.3f} vs {int8[-1]:.3f} at the end)")


def scales_with_batch(small: int, double: int) -> Check:
    return check_close("activations_scale_with_batch", round(double / small, 4), 2.0, rel=0.05,
                       why=f"saved activations grow with tokens: {small:,} B at batch b, {double:,} B at 2b")


def checkpointing_cuts(plain: int, checkpointed: int, min_factor: float) -> Check:
    return check_at_least("checkpointing_cuts_activations", round(plain / max(checkpointed, 1), 2), min_factor,
                          why=f"only layer inputs are kept, the rest is recomputed: {plain:,} B -> {checkpointed:,} B")


def same_gradients(name: str, rel_diff: float, what: str, tol: float = 1e-5) -> Check:
    return check_at_most(name, rel_diff, tol, why=f"{what} (max |diff| / max |grad|)")


def accumulation_lowers_peak(full: int, micro_peak: int, k: int) -> Check:
    return check_at_most("accumulation_lowers_peak_activations", round(micro_peak / full, 4), 1.1 / k,
                         why=f"{k} micro-batches hold about 1/{k} of the activations at a time: "
                             f"{micro_peak:,} B vs {full:,} B")


def peak_matches(peak: Peak) -> Check:
    if peak.measured_total is None and peak.measured_above_start is None:
        return check_skipped("predicted_peak_matches_measured", expected=f"<= {PEAK_TOL:g}",
                             why="skipped: this torch's profiler exposes no CPU allocation events; run on CUDA")
    if peak.measured_total is not None:
        measured, predicted, how = peak.measured_total, peak.predicted_total, "torch.cuda.max_memory_allocated"
    else:
        measured, predicted, how = peak.measured_above_start, peak.predicted_above_start, \
            "CPU profiler allocations above the step's start"
    err = abs(predicted - measured) / measured
    return check_at_most("predicted_peak_matches_measured", round(err, 4), PEAK_TOL,
                         why=f"predicted {predicted:,} B vs {how} {measured:,} B (relative error; aim 5%)")
