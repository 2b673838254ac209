"""The sampling lab's checks in process: each hole the issue names fails on the old behaviour and
passes on the reference, and the statistics helpers are right."""
from __future__ import annotations

import pytest
import torch

from labs.sampling import checks, filters
from labs.sampling.stats import chi_square_tail, distinct_n


@pytest.fixture(scope="module")
def gen():
    return torch.Generator().manual_seed(1234)


def _old_top_p(logits, p):
    """The lab's filter before the fix: cumulative mass in the logits' dtype, compared with p."""
    probs = logits.softmax(dim=-1)
    sorted_probs, order = probs.sort(dim=-1, descending=True)
    keep_sorted = sorted_probs.cumsum(dim=-1) - sorted_probs < p
    keep = torch.zeros_like(keep_sorted).scatter(-1, order, keep_sorted)
    return logits.masked_fill(~keep, float("-inf"))


def _top_k_by_indices(logits, k):
    idx = logits.topk(k, dim=-1).indices
    return logits.masked_fill(~torch.zeros_like(logits, dtype=torch.bool).scatter(-1, idx, True), float("-inf"))


def _wrong_order(logits, temperature=1.0, top_k=None, top_p=None):
    x = logits if top_p is None else filters.top_p_filter(logits, top_p)
    x = x if top_k is None else filters.top_k_filter(x, top_k)
    return filters.apply_temperature(x, temperature).softmax(dim=-1)


def test_top_p_at_one_keeps_every_fp32_token_now_and_did_not_before(gen):
    wide = torch.randn(60, 32_000, generator=gen) * torch.empty(60, 1).uniform_(0.5, 4.0, generator=gen)
    assert checks.top_p_one_keeps_everything(_old_top_p, wide).status == "fail"
    assert checks.top_p_one_keeps_everything(filters.top_p_filter, wide).status == "pass"


def test_top_k_ties_are_kept_like_transformers(gen):
    tied = checks.tied_logits(600, 64, gen)
    assert checks.ties_at_kth(tied, 5) > 0  # the rows really have ties at the boundary
    assert checks.top_k_agreement(_top_k_by_indices, tied, (1, 5, 16)).mismatched_sets > 0
    assert checks.top_k_agreement(filters.top_k_filter, tied, (1, 5, 16)).mismatched_sets == 0
    untied = checks.random_logits(600, 64, gen)  # the old test rows: no ties, the bug went unseen
    assert checks.top_k_agreement(_top_k_by_indices, untied, (1, 5, 16)).mismatched_sets == 0


def test_filter_order_is_checked_against_the_chained_warpers(gen):
    logits = checks.random_logits(400, 64, gen)
    cases = ((0.7, 20, 0.9), (1.5, None, 0.8), (2.0, 12, 0.6))
    assert checks.chained_filters_match(checks.chain_agreement(_wrong_order, logits, cases), cases).status == "fail"
    assert checks.chained_filters_match(checks.chain_agreement(filters.filtered_probs, logits, cases),
                                        cases).status == "pass"


def test_draws_from_a_wrong_distribution_fail(gen):
    rows = checks.random_logits(2, 64, gen)
    cases = [("a", rows[0], 0.7, 20, 0.9), ("b", rows[1], 1.3, None, 0.95)]
    right = checks.run_draw_tests(filters.sample, cases, 50_000, chain=filters.filtered_probs)
    wrong = checks.run_draw_tests(filters.sample, cases, 50_000, chain=_wrong_order)
    assert checks.draws_match_filtered_distribution(right).status == "pass"
    assert checks.no_draws_outside_kept_set(wrong).status == "fail"


def test_chi_square_tail_matches_known_quantiles():
    # chi-square quantiles from statistical tables: P(X >= x) for (dof, x)
    assert chi_square_tail(3.841, 1) == pytest.approx(0.05, abs=2e-4)
    assert chi_square_tail(18.307, 10) == pytest.approx(0.05, abs=2e-4)
    assert chi_square_tail(23.209, 10) == pytest.approx(0.01, abs=1e-4)


def test_sampler_never_draws_a_zero_probability_token():
    probs = torch.tensor([0.0, 0.5, 0.0, 0.5, 0.0])
    idx = filters.sample(probs, 100_000)
    assert set(idx.unique().tolist()) == {1, 3}


def test_distinct_n():
    assert distinct_n(["aaaa"], 2) == pytest.approx(1 / 3)
    assert distinct_n(["abcd"], 2) == 1.0
