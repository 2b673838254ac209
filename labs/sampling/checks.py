"""The sampling lab's checks. Each takes the implementation or measurement under test as input,
so a test can hand it a wrong one and see it fail."""
from __future__ import annotations

from dataclasses import dataclass

import torch
from transformers import LogitsProcessorList, TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper

from labs.protocol import EXERCISE, Check, check_at_least, check_at_most, check_equal, check_true
from labs.sampling.stats import chi_square_test, entropy

NAMES = (
    "temperature_matches_transformers",
    "top_k_kept_sets_match_transformers",
    "top_k_probs_match_transformers",
    "top_k_keeps_ties_like_transformers",
    "top_p_kept_sets_match_transformers",
    "top_p_probs_match_transformers",
    "top_p_set_is_smallest",
    "top_p_1_keeps_every_token",
    "entropy_rises_with_temperature",
    "low_temperature_gives_argmax",
    "chained_filters_match_transformers",
    "draws_match_filtered_distribution",
    "no_draws_outside_kept_set",
    "tiny_lm_learned_the_document",
    "distinct_n_rises_with_temperature",
)

PROB_TOL = 1e-6
TIE_GAP = 1e-12  # float64 rows with two logits closer than this are dropped: a tie makes top-k ambiguous
BOUNDARY_MARGIN = 1e-9  # rows with a prefix mass this close to p are dropped: rounding decides them
ARGMAX_GAP = 0.05
FAMILY_ALPHA = 1e-3  # false-alarm rate of the whole family of chi-square tests


def random_logits(rows: int, vocab: int, generator: torch.Generator, device: str = "cpu") -> torch.Tensor:
    """Float64 Gaussian logits at random scales (flat to peaked), without ties."""
    scale = torch.empty(rows, 1, dtype=torch.float64).uniform_(-0.7, 1.6, generator=generator).exp()
    logits = (torch.randn(rows, vocab, generator=generator, dtype=torch.float64) * scale).to(device)
    gaps = logits.sort(dim=-1).values.diff(dim=-1).min(dim=-1).values
    return logits[gaps > TIE_GAP]


def tied_logits(rows: int, vocab: int, generator: torch.Generator, device: str = "cpu") -> torch.Tensor:
    """Logits rounded to bf16 (as a bf16 model emits them), held in float64: equal values are common."""
    scale = torch.empty(rows, 1, dtype=torch.float64).uniform_(-0.7, 1.6, generator=generator).exp()
    logits = torch.randn(rows, vocab, generator=generator, dtype=torch.float64) * scale
    return logits.to(torch.bfloat16).double().to(device)


def ties_at_kth(logits: torch.Tensor, k: int) -> int:
    """Rows where more than k tokens are >= the k-th largest value: the ones where ties decide top-k."""
    kth = logits.topk(k, dim=-1).values[..., -1:]
    return int(((logits >= kth).sum(dim=-1) > k).sum())


def _safe_for_top_p(logits: torch.Tensor, p: float) -> torch.Tensor:
    probs = logits.double().softmax(dim=-1).sort(dim=-1, descending=True).values
    return ((probs.cumsum(dim=-1) - p).abs() > BOUNDARY_MARGIN).all(dim=-1)


@dataclass(frozen=True)
class Agreement:
    rows: int
    mismatched_sets: int
    max_prob_diff: float


def compare_with_transformers(own, warper_for, logits: torch.Tensor, params, safe_rows=None) -> Agreement:
    """Runs `own(logits, param)` and transformers' `warper_for(param)` on the same rows."""
    rows = mismatched = 0
    worst = 0.0
    for param in params:
        x = logits if safe_rows is None else logits[safe_rows(logits, param)]
        mine = own(x.clone(), param)
        theirs = warper_for(param)(None, x.clone())
        mismatched += int((torch.isfinite(mine) != torch.isfinite(theirs)).any(dim=-1).sum())
        worst = max(worst, float((mine.softmax(-1) - theirs.softmax(-1)).abs().max()))
        rows += x.shape[0]
    return Agreement(rows, mismatched, worst)


def temperature_agreement(own, logits, temperatures) -> Agreement:
    return compare_with_transformers(own, TemperatureLogitsWarper, logits, temperatures)


def top_k_agreement(own, logits, ks) -> Agreement:
    return compare_with_transformers(own, TopKLogitsWarper, logits, ks)


def top_p_agreement(own, logits, ps) -> Agreement:
    return compare_with_transformers(own, TopPLogitsWarper, logits, ps, _safe_for_top_p)


def chain_reference(logits: torch.Tensor, temperature: float, top_k, top_p) -> torch.Tensor:
    """transformers' warpers chained as `generate` builds them: temperature, top-k, top-p."""
    warpers = [TemperatureLogitsWarper(temperature)]
    if top_k is not None:
        warpers.append(TopKLogitsWarper(top_k))
    if top_p is not None:
        warpers.append(TopPLogitsWarper(top_p))
    return LogitsProcessorList(warpers)(None, logits.clone())


def chain_agreement(own_chain, logits: torch.Tensor, cases) -> Agreement:
    """`own_chain(logits, T, k, p)` (probabilities) against the chained warpers, case by case.

    Rows whose top-p boundary (after temperature and top-k) is within rounding of p are left out."""
    rows = mismatched = 0
    worst = 0.0
    for t, k, p in cases:
        tempered = TemperatureLogitsWarper(t)(None, logits.clone())
        if k is not None:
            tempered = TopKLogitsWarper(k)(None, tempered)
        x = logits if p is None else logits[_safe_for_top_p(tempered, p)]
        theirs = chain_reference(x, t, k, p).softmax(dim=-1)
        mine = own_chain(x.clone(), t, k, p)
        mismatched += int(((mine > 0) != (theirs > 0)).any(dim=-1).sum())
        worst = max(worst, float((mine.double() - theirs.double()).abs().max()))
        rows += x.shape[0]
    return Agreement(rows, mismatched, worst)


def chained_filters_match(agreement: Agreement, cases) -> Check:
    ok = agreement.mismatched_sets == 0 and agreement.max_prob_diff <= PROB_TOL
    return check_true("chained_filters_match_transformers", ok, expected=f"0 rows differ, max |diff| <= {PROB_TOL:g}",
                      measured={"rows_differing": agreement.mismatched_sets,
                                "max_prob_diff": agreement.max_prob_diff},
                      why=f"temperature -> top-k -> top-p, as generate chains the warpers; (T, k, p) in {list(cases)}, "
                          f"{agreement.rows} rows", kind=EXERCISE)


def top_p_one_keeps_everything(own, logits: torch.Tensor) -> Check:
    dropped = int((~torch.isfinite(own(logits.clone(), 1.0))).sum())
    return check_equal("top_p_1_keeps_every_token", dropped, 0,
                       why=f"p = 1.0 is no filter at all: tokens dropped over {logits.shape[0]} {logits.dtype} rows "
                           f"of {logits.shape[-1]:,} tokens", kind=EXERCISE)


def probs_match(name: str, agreement: Agreement, what: str) -> Check:
    return check_at_most(name, agreement.max_prob_diff, PROB_TOL,
                         why=f"{what}: renormalised probabilities equal transformers' on {agreement.rows} rows",
                         kind=EXERCISE)


def kept_sets_match(name: str, agreement: Agreement, what: str) -> Check:
    return check_equal(name, agreement.mismatched_sets, 0,
                       why=f"{what}: the same tokens survive as with transformers "
                           f"(rows differing, of {agreement.rows})", kind=EXERCISE)


def smallest_top_p_violations(own, logits: torch.Tensor, ps) -> tuple[int, int]:
    """Rows whose kept mass is below p, or still reaches p without its least likely kept token."""
    violations = rows = 0
    for p in ps:
        x = logits[_safe_for_top_p(logits, p)]
        kept = torch.isfinite(own(x.clone(), p))
        probs = x.double().softmax(dim=-1)
        mass = (probs * kept).sum(dim=-1)
        smallest_kept = torch.where(kept, probs, torch.full_like(probs, 2.0)).min(dim=-1).values
        violations += int(((mass < p) | (mass - smallest_kept >= p)).sum())
        rows += x.shape[0]
    return violations, rows


def top_p_set_is_smallest(own, logits, ps) -> Check:
    violations, rows = smallest_top_p_violations(own, logits, ps)
    return check_equal("top_p_set_is_smallest", violations, 0,
                       why=f"the kept set reaches p and dropping its least likely token falls below p ({rows} rows)",
                       kind=EXERCISE)


def entropy_rises_with_temperature(own_temperature, logits, temperatures) -> Check:
    """Counts rows where entropy fails to increase between consecutive temperatures."""
    x = logits.double()
    h = torch.stack([entropy(own_temperature(x, t).softmax(dim=-1)) for t in sorted(temperatures)], dim=-1)
    bad_rows = int((h.diff(dim=-1) <= 0).any(dim=-1).sum())
    return check_equal("entropy_rises_with_temperature", bad_rows, 0,
                       why=f"higher T flattens the distribution: entropy strictly rises over T={sorted(temperatures)}"
                           f" (rows where it does not, of {x.shape[0]})", kind=EXERCISE)


def low_temperature_gives_argmax(own_temperature, logits, temperature: float = 1e-3) -> Check:
    x = logits.double()
    top2 = x.topk(2, dim=-1).values
    x = x[(top2[:, 0] - top2[:, 1]) > ARGMAX_GAP]
    probs = own_temperature(x, temperature).softmax(dim=-1)
    p_argmax = probs.gather(-1, x.argmax(dim=-1, keepdim=True)).min()
    return check_at_least("low_temperature_gives_argmax", float(p_argmax), 1 - 1e-6,
                          why=f"as T -> 0 sampling becomes greedy: P(argmax) at T={temperature:g}, "
                              f"worst of {x.shape[0]} rows", kind=EXERCISE)


@dataclass(frozen=True)
class DrawTest:
    label: str
    draws: int
    statistic: float
    dof: int
    p_value: float
    outside: int


def run_draw_tests(sampler, cases, draws: int, generator=None, chain=None) -> list[DrawTest]:
    """Draws from `chain(row, T, k, p)` (the learner's filtered distribution; default transformers')
    with `sampler(probs, n, generator)`, tested against transformers' filtered distribution.

    A case is (label, logits row, temperature, top_k, top_p)."""
    results = []
    for label, row, t, k, p in cases:
        x = row.reshape(1, -1)
        reference = chain_reference(x, t, k, p).softmax(dim=-1)[0]
        drawn_from = reference if chain is None else chain(x.clone(), t, k, p).reshape(-1)
        idx = sampler(drawn_from, draws, generator)
        counts = torch.bincount(idx.cpu(), minlength=reference.numel())
        stat, dof, pval, outside = chi_square_test(counts, reference)
        results.append(DrawTest(label, draws, stat, dof, pval, outside))
    return results


def draws_match_filtered_distribution(tests: list[DrawTest], alpha: float = FAMILY_ALPHA) -> Check:
    per_test = alpha / len(tests)  # Bonferroni: the family's false-alarm rate stays <= alpha
    worst = min(t.p_value for t in tests)
    return check_at_least("draws_match_filtered_distribution", worst, per_test,
                          why=f"chi-square on {tests[0].draws:,} draws x {len(tests)} cases, smallest p-value; "
                              f"false-alarm rate {alpha:g} for the family", kind=EXERCISE)


def no_draws_outside_kept_set(tests: list[DrawTest]) -> Check:
    return check_equal("no_draws_outside_kept_set", sum(t.outside for t in tests), 0,
                       why="a token transformers filters out is never drawn from your distribution", kind=EXERCISE)


def tiny_lm_learned(losses: list[float], min_drop: float = 0.3, window: int = 10) -> Check:
    first, last = sum(losses[:window]) / window, sum(losses[-window:]) / window
    drop = 1 - last / first
    return check_at_least("tiny_lm_learned_the_document", round(drop, 4), min_drop,
                          why=f"training loss fell from {first:.2f} to {last:.2f} nats, so its samples mean something")


def distinct_n_rises(distinct_by_t: dict[float, float], n: int = 2) -> Check:
    temps = sorted(distinct_by_t)
    values = [round(distinct_by_t[t], 4) for t in temps]
    rising = all(a < b for a, b in zip(values, values[1:]))
    return check_true("distinct_n_rises_with_temperature", rising, expected=f"rising over T={temps}",
                      measured={str(t): v for t, v in zip(temps, values)},
                      why=f"hotter sampling repeats itself less: distinct-{n} of the tiny LM's texts",
                      kind=EXERCISE)
