"""Fitting FSRS parameters with fsrs' own optimizer. This is the one place of the app that imports torch."""
from __future__ import annotations

from collections.abc import Sequence

from studyapp.srs.evaluate import LoggedReview


def fit_parameters(reviews: Sequence[LoggedReview]) -> list[float]:
    from fsrs import Optimizer, Rating, ReviewLog  # Optimizer pulls in torch

    logs = [ReviewLog(card_id=r.card_id, rating=Rating(r.rating), review_datetime=r.at, review_duration=r.duration_ms)
            for r in reviews]
    return list(Optimizer(logs).compute_optimal_parameters())
