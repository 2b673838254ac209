"""The FLOPs lab's checks. Each takes the implementation or measurement under test as input, so a
test can hand it a wrong one and watch it fail."""
from __future__ import annotations

from labs.protocol import Check, check_close, check_equal, check_true, demo

NAMES = (
    "matmul_flops_match_counter",
    "attention_flops_match_counter",
    "forward_flops_match_counter",
    "training_step_flops_match_counter",
    "six_n_d_close_at_short_context",
    "backward_is_twice_forward",
    "matmul_time_grows_as_n_cubed",
    "cpu_sdpa_kernel_hidden_from_counter",
)

SIX_N_D_REL = 0.05  # embedding lookup (no matmul) and attention make up a few % at short context
N_CUBED_RANGE = (4.0, 16.0)  # doubling n is 8x the FLOPs; caches and launch overheads blur it


def _mismatches(cases: dict, yours) -> dict:
    """{case: {yours, counter}} for every case where the formula and the counter disagree."""
    found = {}
    for label, (args, measured) in cases.items():
        value = yours(*args)
        if value != measured:
            found[label] = {"yours": value, "counter": measured}
    return found


def formula_matches_counter(name: str, cases: dict, yours, what: str) -> Check:
    """cases: {label: (arguments of the formula, FLOPs counted by FlopCounterMode)}."""
    bad = _mismatches(cases, yours)
    return check_true(name, not bad, expected=f"equal on all {len(cases)} cases",
                      measured=bad or {label: measured for label, (_, measured) in cases.items()},
                      why=f"{what}: your formula gives exactly the FLOPs torch.utils.flop_counter counts")


def six_n_d_close(estimate: int, counted_flops: int, label: str) -> Check:
    ratio = estimate / counted_flops
    return check_close("six_n_d_close_at_short_context", round(ratio, 4), 1.0, rel=SIX_N_D_REL,
                       why=f"{label}: 6·N·D / counted training FLOPs; at short context attention and the "
                           "matmul-free embedding are a few per cent, so the rule of thumb holds")


def backward_twice_forward(forward_flops: int, backward_flops: int) -> Check:
    return check_equal("backward_is_twice_forward", backward_flops / forward_flops, 2.0,
                       why="counted backward FLOPs / forward FLOPs of the tiny Llama: every matmul's backward "
                           "is one matmul for the input gradient and one for the weight gradient")


def time_grows_as_n_cubed(n: int, seconds_n: float, seconds_2n: float) -> Check:
    ratio = seconds_2n / seconds_n
    low, high = N_CUBED_RANGE
    return check_true("matmul_time_grows_as_n_cubed", low <= ratio <= high,
                      expected=f"about 8 (between {low:g} and {high:g})", measured=round(ratio, 2),
                      why=f"time of a {2 * n}² matmul / a {n}² one: FLOPs grow 8x, and a busy device runs "
                          "at a roughly constant FLOPS")


def sdpa_hidden(default_count: int, math_count: int) -> Check:
    return demo("cpu_sdpa_kernel_hidden_from_counter", shown={"default_kernel": default_count,
                                                              "math_backend": math_count},
                why="the tiny Llama's forward FLOPs as counted with SDPA's default kernel and with the MATH "
                    "backend; on the CPU the fused kernel has no FLOP formula in the counter, so attention "
                    "counts 0 unless MATH is forced (on CUDA flash/efficient kernels are counted)")
