"""The figures `studyapp optimize` prints, checked against values worked out by hand."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from fsrs.scheduler import DEFAULT_PARAMETERS

from studyapp.srs.evaluate import LoggedReview, evaluate, predictions, split_by_time

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
