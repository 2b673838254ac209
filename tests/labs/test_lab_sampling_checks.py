"""Every sampling check fails when handed a wrong implementation or a wrong measurement."""
from __future__ import annotations

import pytest
import torch

from labs.sampling import checks, filters
from labs.sampling.stats import chi_square_tail, distinct_n


def assert_fails(check):
    assert check.status == "fail", f"{check.name} should fail: expected {check.expected}, measured {check.measured}"


def assert_passes(check):
    assert check.status == "pass", f"{check.name} should pass: expected {check.expected}, measured {check.measured}"


GEN_SEED = 1234


@pytest.fixture(scope="module")
def logits():
    return checks.random_logits(300, 40, torch.Generator().manual_seed(GEN_SEED))


def _keep_too_many(x, p):
    return filters.top_p_filter(x, min(p + 0.04, 0.999))


def _drop_boundary_token(x, p):
    probs = x.softmax(-1)
    sorted_p, order = probs.sort(dim=-1, descending=True)
    keep = torch.zeros_like(sorted_p, dtype=torch.bool).scatter(-1, order, sorted_p.cumsum(-1) < p)
    keep |= probs == probs.max(dim=-1, keepdim=True).values
    return x.masked_fill(~keep, float("-inf"))


def _top_k_plus_one(x, k):
    return filters.top_k_filter(x, k + 1)


def _top_k_rescaled(x, k):
    return filters.top_k_filter(x, k) * 1.1  # right set, wrong probabilities


def _top_p_rescaled(x, p):
    return filters.top_p_filter(x, p) / 1.05


def _uniform_sampler(probs, n, generator=None):
    return torch.randint(0, probs.numel(), (n,), device=probs.device)


def _tempered_sampler(probs, n, generator=None):
    flattened = probs.sqrt() / probs.sqrt().sum()  # right support, wrong shape
    return filters.sample(flattened, n, generator)


def _draw_cases(logits):
    return [("a", logits[0], 0.7, 20, 0.9), ("b", logits[1], 1.3, None, 0.95)]


WRONG = {
    "temperature_matches_transformers":
        lambda L: checks.probs_match("temperature_matches_transformers",
                                     checks.temperature_agreement(lambda x, t: x * t, L, (0.5, 2.0)), "T"),
    "top_k_kept_sets_match_transformers":
        lambda L: checks.kept_sets_match("top_k_kept_sets_match_transformers",
                                         checks.top_k_agreement(_top_k_plus_one, L, (3,)), "k"),
    "top_k_probs_match_transformers":
        lambda L: checks.probs_match("top_k_probs_match_transformers",
                                     checks.top_k_agreement(_top_k_rescaled, L, (3,)), "k"),
    "top_p_kept_sets_match_transformers":
        lambda L: checks.kept_sets_match("top_p_kept_sets_match_transformers",
                                         checks.top_p_agreement(_drop_boundary_token, L, (0.9,)), "p"),
    "top_p_probs_match_transformers":
        lambda L: checks.probs_match("top_p_probs_match_transformers",
                                     checks.top_p_agreement(_top_p_rescaled, L, (0.9,)), "p"),
    "top_p_set_is_smallest": lambda L: checks.top_p_set_is_smallest(_keep_too_many, L, (0.5, 0.9)),
    "entropy_rises_with_temperature":
        lambda L: checks.entropy_rises_with_temperature(lambda x, t: x * t, L, (0.5, 1.0, 2.0)),
    "low_temperature_gives_argmax": lambda L: checks.low_temperature_gives_argmax(lambda x, t: x, L),
    "draws_match_filtered_distribution":
        lambda L: checks.draws_match_filtered_distribution(
            checks.run_draw_tests(_tempered_sampler, _draw_cases(L), 50_000)),
    "no_draws_outside_kept_set":
        lambda L: checks.no_draws_outside_kept_set(checks.run_draw_tests(_uniform_sampler, _draw_cases(L), 20_000)),
    "tiny_lm_learned_the_document": lambda L: checks.tiny_lm_learned([5.0] * 50),
    "distinct_n_rises_with_temperature": lambda L: checks.distinct_n_rises({0.2: 0.5, 0.8: 0.4, 1.5: 0.9}),
}

RIGHT = {
    "temperature_matches_transformers":
        lambda L: checks.probs_match("temperature_matches_transformers",
                                     checks.temperature_agreement(filters.apply_temperature, L, (0.5, 2.0)), "T"),
    "top_k_kept_sets_match_transformers":
        lambda L: checks.kept_sets_match("top_k_kept_sets_match_transformers",
                                         checks.top_k_agreement(filters.top_k_filter, L, (3,)), "k"),
    "top_p_kept_sets_match_transformers":
        lambda L: checks.kept_sets_match("top_p_kept_sets_match_transformers",
                                         checks.top_p_agreement(filters.top_p_filter, L, (0.9,)), "p"),
    "top_p_set_is_smallest": lambda L: checks.top_p_set_is_smallest(filters.top_p_filter, L, (0.5, 0.9)),
    "entropy_rises_with_temperature":
        lambda L: checks.entropy_rises_with_temperature(filters.apply_temperature, L, (0.5, 1.0, 2.0)),
    "low_temperature_gives_argmax": lambda L: checks.low_temperature_gives_argmax(filters.apply_temperature, L),
    "no_draws_outside_kept_set":
        lambda L: checks.no_draws_outside_kept_set(checks.run_draw_tests(filters.sample, _draw_cases(L), 20_000)),
}


def test_every_check_has_a_wrong_case():
    assert set(WRONG) == set(checks.NAMES)


@pytest.mark.parametrize("name", checks.NAMES)
def test_check_fails_on_a_wrong_implementation(name, logits):
    check = WRONG[name](logits)
    assert check.name == name
    assert_fails(check)


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_the_same_check_passes_on_the_reference(name, logits):
    assert_passes(RIGHT[name](logits))


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
