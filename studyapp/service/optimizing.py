"""`studyapp optimize`: FSRS parameters fitted to the learner's own answers, evaluated on held-out reviews over
time-series folds, and saved only when they predict better than the defaults. torch loads on the first call."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from studyapp.service.collection import Collection

__all__ = ["MIN_REVIEWS", "evaluate", "fit", "save_parameters"]

MIN_REVIEWS = 100


def evaluate(reviews: list, folds: int, progress: Callable[[str], None] | None = None):
    """The default and the fitted parameters, each scored on the same held-out reviews of each fold."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from studyapp.srs.evaluate import cross_validate
    from studyapp.srs.fit import fit_parameters

    return cross_validate(reviews, folds, DEFAULT_PARAMETERS, fit_parameters, progress=progress or (lambda _: None))


def fit(reviews: list) -> list[float]:
    """Parameters fitted on all of `reviews`."""
    from studyapp.srs.fit import fit_parameters

    return fit_parameters(reviews)


def save_parameters(collection: Collection, parameters) -> None:
    collection.save_settings(replace(collection.settings(), fsrs_parameters=tuple(parameters)))
