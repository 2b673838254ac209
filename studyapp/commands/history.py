"""`studyapp import-revlog` and `studyapp optimize`."""
from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

from studyapp.commands.common import EXIT_OK, CommandError, emit_json, open_collection


def import_revlog(args) -> int:
    from studyapp.store.revlog_import import RevlogError, file_digest, read_revlog

    path = Path(args.csv)
    try:
        revlog = read_revlog(path)
    except RevlogError as error:
        raise CommandError(str(error)) from None
    with open_collection(args) as collection:
        result = collection.import_review_history(revlog.reviews, f"revlog:{file_digest(revlog.reviews)}",
                                                  f"Review history: {path.name}")
    result["duplicates_dropped"] = revlog.duplicates
    if args.json:
        emit_json(result)
    elif result["already_imported"]:
        print(f"{path}: already imported; nothing changed")
    else:
        dropped = f"; {revlog.duplicates} repeated rows dropped" if revlog.duplicates else ""
        print(f"imported {result['reviews']} reviews of {result['cards']} cards from {path}{dropped}\n"
              "  history only: its cards are kept for `studyapp optimize`, never shown for review")
    return EXIT_OK


def optimize(args) -> int:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from studyapp.srs.evaluate import evaluate, predictions, split_by_time
    from studyapp.srs.fit import fit_parameters

    if not 0.05 <= args.test_fraction <= 0.5:
        raise CommandError("--test-fraction must be between 0.05 and 0.5")
    with open_collection(args) as collection:
        reviews = collection.review_history()
        if len(reviews) < 100:
            raise CommandError(f"only {len(reviews)} reviews in the collection: at least 100 are needed to fit FSRS")
        split = split_by_time(reviews, args.test_fraction)
        train = [r for r in reviews if r.at < split]
        _progress(args, f"fitting FSRS on {len(train)} reviews before {split:%Y-%m-%d} (torch is loading)…")
        started = time.perf_counter()
        fitted = fit_parameters(train)
        fit_seconds = time.perf_counter() - started
        default_eval = evaluate(predictions(DEFAULT_PARAMETERS, reviews, split))
        fitted_eval = evaluate(predictions(fitted, reviews, split))
        better = fitted_eval.log_loss < default_eval.log_loss
        if better and not args.dry_run:
            collection.save_settings(replace(collection.settings(), fsrs_parameters=tuple(fitted)))
    report = {
        "reviews": len(reviews), "train_reviews": len(train), "split": split.isoformat(),
        "fit_seconds": round(fit_seconds, 1), "default": default_eval.to_json(), "fitted": fitted_eval.to_json(),
        "parameters": [round(p, 4) for p in fitted], "saved": better and not args.dry_run,
    }
    if args.json:
        emit_json(report)
        return EXIT_OK
    print(f"held-out reviews after {split:%Y-%m-%d}: {fitted_eval.reviews} (fit took {fit_seconds:.0f} s)")
    print(f"{'':>9} {'log loss':>9} {'RMSE':>7} {'AUC':>6}")
    for name, ev in (("default", default_eval), ("fitted", fitted_eval)):
        auc = "-" if ev.auc is None else f"{ev.auc:.4f}"
        print(f"{name:>9} {ev.log_loss:>9.4f} {ev.rmse_bins:>7.4f} {auc:>6}")
    print("fitted parameters saved" if report["saved"] else "parameters not saved")
    return EXIT_OK


def _progress(args, message: str) -> None:
    if not args.json:
        print(message, file=sys.stderr, flush=True)
