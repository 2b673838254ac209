"""The figures `studyapp optimize` prints, checked against values worked out by hand."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from fsrs.scheduler import DEFAULT_PARAMETERS

from studyapp.srs.evaluate import (
    LoggedReview,
    cross_validate,
    evaluate,
    predictions,
    split_by_time,
    time_series_folds,
)

T = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_log_loss_rmse_and_auc_by_hand():
    pairs = [(0.9, 1), (0.8, 1), (0.3, 0), (0.6, 0)]
    ev = evaluate(pairs)
    expected_loss = -(math.log(0.9) + math.log(0.8) + math.log(0.7) + math.log(0.4)) / 4
    assert math.isclose(ev.log_loss, expected_loss, rel_tol=1e-9)
    assert ev.auc == 1.0  # every recalled review was predicted higher than every forgotten one
    # bins of width 0.05: each pair alone in its bin -> RMSE over the four (p - y) errors
    assert math.isclose(ev.rmse_bins, math.sqrt((0.01 + 0.04 + 0.09 + 0.36) / 4), rel_tol=1e-9)


def test_auc_counts_ties_half():
    assert evaluate([(0.5, 1), (0.5, 0)]).auc == 0.5


def test_time_split_and_only_day_gaps_are_predicted():
    reviews = [LoggedReview(1, 3, T), LoggedReview(1, 3, T + timedelta(minutes=10)),
               LoggedReview(1, 3, T + timedelta(days=3)), LoggedReview(1, 1, T + timedelta(days=20))]
    split = split_by_time(reviews, 0.5)
    assert split == T + timedelta(days=3)
    pairs = predictions(DEFAULT_PARAMETERS, reviews, split)
    assert [y for _, y in pairs] == [1, 0]
    assert 0 < pairs[1][0] < pairs[0][0] < 1  # a longer gap predicts lower recall


def _history(cards: int, days: int) -> list[LoggedReview]:
    """Each card reviewed every few days, forgotten now and then: a history spread over `days`."""
    reviews = []
    for card in range(cards):
        for day in range(card % 3, days, 3 + card % 4):
            reviews.append(LoggedReview(card, 1 if (card + day) % 7 == 0 else 3, T + timedelta(days=day, hours=card)))
    return reviews


def test_time_series_folds_cut_the_history_in_equal_parts_in_time_order():
    reviews = _history(20, 60)
    folds = time_series_folds(reviews, 5)
    assert len(folds) == 5
    starts = [fold.start for fold in folds]
    assert starts == sorted(starts) and folds[-1].end is None
    assert all(a.end == b.start for a, b in zip(folds, folds[1:]))
    sizes = [sum(1 for r in reviews if fold.start <= r.at and (fold.end is None or r.at < fold.end)) for fold in folds]
    assert max(sizes) - min(sizes) <= len(reviews) // 6 // 2  # about a sixth of the history each


def test_cross_validation_fits_each_fold_only_on_earlier_reviews_and_pools_the_tests():
    reviews = _history(30, 90)
    seen = []

    def fit(train):
        seen.append(max(r.at for r in train))
        return DEFAULT_PARAMETERS

    result = cross_validate(reviews, 4, DEFAULT_PARAMETERS, fit)
    assert [latest < fold.start for latest, fold in zip(seen, result.folds)] == [True] * 4
    assert result.train_sizes == tuple(sorted(result.train_sizes)) and len(set(result.train_sizes)) == 4
    # the same parameters on both sides: the same held-out predictions, so not "better"
    assert result.fitted == result.default and not result.fitted_is_better
    one_fold = predictions(DEFAULT_PARAMETERS, reviews, result.folds[0].start, result.folds[0].end)
    assert 0 < len(one_fold) < result.default.reviews  # pooled over every fold


def test_optimize_says_why_parameters_were_not_saved_with_both_figures():
    from studyapp.commands.history import outcome

    text = outcome(0.4515, 0.4550, saved=False, dry_run=False)
    assert "not saved" in text and "no better than the defaults" in text
    assert "0.4550 fitted" in text and "0.4515 default" in text
    assert "--dry-run" in outcome(0.46, 0.45, saved=False, dry_run=True)
    assert outcome(0.46, 0.45, saved=True, dry_run=False).startswith("fitted parameters saved")
