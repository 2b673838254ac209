"""How well a set of FSRS parameters predicts recall on reviews it was not fitted on."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

EPS = 1e-6
BINS = 20


@dataclass(frozen=True)
class LoggedReview:
    card_id: int
    rating: int
    at: datetime
    duration_ms: int | None = None


@dataclass(frozen=True)
class Evaluation:
    reviews: int
    log_loss: float
    rmse_bins: float
    auc: float | None

    def to_json(self) -> dict:
        return {"reviews": self.reviews, "log_loss": round(self.log_loss, 4), "rmse_bins": round(self.rmse_bins, 4),
                "auc": None if self.auc is None else round(self.auc, 4)}


def split_by_time(reviews: Sequence[LoggedReview], test_fraction: float) -> datetime:
    """The moment after which the latest `test_fraction` of reviews lie."""
    ordered = sorted(r.at for r in reviews)
    return ordered[min(len(ordered) - 1, int(len(ordered) * (1 - test_fraction)))]


@dataclass(frozen=True)
class Fold:
    """Fit on the reviews before `start`, test on those from `start` up to `end` (None: to the last)."""

    start: datetime
    end: datetime | None


def time_series_folds(reviews: Sequence[LoggedReview], folds: int) -> list[Fold]:
    """A time-series split, as the open srs-benchmark evaluates: the reviews in time order are cut into
    `folds + 1` equal parts; fold k is fitted on parts 0..k and tested on part k+1, so every test review
    lies after every review its parameters were fitted on."""
    if folds < 1:
        raise ValueError("folds must be at least 1")
    ordered = sorted(r.at for r in reviews)
    cuts = [ordered[len(ordered) * k // (folds + 1)] for k in range(1, folds + 1)]
    return [Fold(cut, cuts[k + 1] if k + 1 < len(cuts) else None) for k, cut in enumerate(cuts)]


def predictions(parameters: Sequence[float], reviews: Iterable[LoggedReview], since: datetime,
                until: datetime | None = None) -> list[tuple[float, int]]:
    """(predicted recall, recalled) for every review at or after `since` (and before `until`) that follows a gap
    of a day or more.

    Each card's whole history is replayed, so the state before a test review includes its earlier reviews;
    same-day repeats (learning steps) are not predictions of long-term memory and are left out, as in
    the open srs-benchmark.
    """
    scheduler = Scheduler(parameters=parameters, enable_fuzzing=False)
    by_card: dict[int, list[LoggedReview]] = defaultdict(list)
    for review in reviews:
        by_card[review.card_id].append(review)
    out = []
    for history in by_card.values():
        history.sort(key=lambda r: r.at)
        card = FsrsCard(card_id=1, due=history[0].at)
        for review in history:
            if until is not None and review.at >= until:
                break
            if review.at >= since and card.last_review is not None and (review.at - card.last_review).days >= 1:
                out.append((scheduler.get_card_retrievability(card, review.at), int(review.rating > 1)))
            card, _ = scheduler.review_card(card, Rating(review.rating), review.at)
    return out


def evaluate(pairs: Sequence[tuple[float, int]]) -> Evaluation:
    n = len(pairs)
    if n == 0:
        return Evaluation(0, float("nan"), float("nan"), None)
    loss = -sum(y * math.log(min(max(p, EPS), 1 - EPS)) + (1 - y) * math.log(1 - min(max(p, EPS), 1 - EPS))
                for p, y in pairs) / n
    bins: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for p, y in pairs:
        bins[min(int(p * BINS), BINS - 1)].append((p, y))
    rmse = math.sqrt(
        sum(len(b) * (sum(p for p, _ in b) / len(b) - sum(y for _, y in b) / len(b)) ** 2 for b in bins.values()) / n
    )
    return Evaluation(n, loss, rmse, _auc(pairs))


def _auc(pairs: Sequence[tuple[float, int]]) -> float | None:
    """Probability that a recalled review was given a higher prediction than a forgotten one (ties count half)."""
    positives = sum(y for _, y in pairs)
    negatives = len(pairs) - positives
    if not positives or not negatives:
        return None
    ranked = sorted(pairs, key=lambda item: item[0])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2
        rank_sum += mean_rank * sum(y for _, y in ranked[i:j])
        i = j
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


@dataclass(frozen=True)
class CrossValidation:
    """Pooled held-out figures of the default and the fitted parameters over a time-series split."""

    folds: tuple[Fold, ...]
    train_sizes: tuple[int, ...]
    default: Evaluation
    fitted: Evaluation

    @property
    def fitted_is_better(self) -> bool:
        return self.fitted.log_loss < self.default.log_loss


def cross_validate(reviews: Sequence[LoggedReview], folds: int, default: Sequence[float],
                   fit: Callable[[Sequence[LoggedReview]], Sequence[float]],
                   progress: Callable[[str], None] = lambda message: None) -> CrossValidation:
    """Fit once per fold on the reviews before it, predict the fold's reviews with the default and the fitted
    parameters, and pool the predictions of all folds (as srs-benchmark does)."""
    split = time_series_folds(reviews, folds)
    default_pairs: list[tuple[float, int]] = []
    fitted_pairs: list[tuple[float, int]] = []
    sizes = []
    for number, fold in enumerate(split, 1):
        train = [r for r in reviews if r.at < fold.start]
        progress(f"fold {number}/{len(split)}: fitting on {len(train)} reviews before {fold.start:%Y-%m-%d}…")
        sizes.append(len(train))
        fitted = fit(train)
        default_pairs += predictions(default, reviews, fold.start, fold.end)
        fitted_pairs += predictions(fitted, reviews, fold.start, fold.end)
    return CrossValidation(tuple(split), tuple(sizes), evaluate(default_pairs), evaluate(fitted_pairs))
