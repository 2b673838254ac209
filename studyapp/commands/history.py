"""`studyapp import-revlog` and `studyapp optimize`."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from studyapp.commands.common import EXIT_OK, CommandError, emit_json, open_collection


def import_revlog(args) -> int:
    from studyapp.service.importing import RevlogError, import_revlog, read_revlog

    path = Path(args.csv)
    try:
        revlog = read_revlog(path)
    except RevlogError as error:
        raise CommandError(str(error)) from None
    with open_collection(args) as collection:
        result = import_revlog(collection, revlog, f"Review history: {path.name}")
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
    from studyapp.service import optimizing
    from studyapp.service.importing import review_history

    if not 2 <= args.folds <= 10:
        raise CommandError("--folds must be between 2 and 10")
    with open_collection(args) as collection:
        reviews = review_history(collection)
        if len(reviews) < optimizing.MIN_REVIEWS:
            raise CommandError(f"only {len(reviews)} reviews in the collection: at least {optimizing.MIN_REVIEWS} "
                               "are needed to fit FSRS")
        _progress(args, f"evaluating over {args.folds} time-series folds (torch is loading)…")
        started = time.perf_counter()
        result = optimizing.evaluate(reviews, args.folds, progress=lambda message: _progress(args, message))
        _progress(args, f"fitting on all {len(reviews)} reviews…")
        fitted = optimizing.fit(reviews)
        fit_seconds = time.perf_counter() - started
        save = result.fitted_is_better and not args.dry_run
        if save:
            optimizing.save_parameters(collection, fitted)
    report = {
        "reviews": len(reviews), "folds": args.folds, "train_reviews": list(result.train_sizes),
        "fold_starts": [fold.start.isoformat() for fold in result.folds],
        "fit_seconds": round(fit_seconds, 1), "default": result.default.to_json(), "fitted": result.fitted.to_json(),
        "parameters": [round(p, 4) for p in fitted], "saved": save,
        "reason": outcome(result.default.log_loss, result.fitted.log_loss, save, args.dry_run),
    }
    if args.json:
        emit_json(report)
        return EXIT_OK
    print(f"held-out reviews over {args.folds} time-series folds: {result.fitted.reviews} "
          f"(fits took {fit_seconds:.0f} s)")
    print(f"{'':>9} {'log loss':>9} {'RMSE':>7} {'AUC':>6}")
    for name, ev in (("default", result.default), ("fitted", result.fitted)):
        auc = "-" if ev.auc is None else f"{ev.auc:.4f}"
        print(f"{name:>9} {ev.log_loss:>9.4f} {ev.rmse_bins:>7.4f} {auc:>6}")
    print(report["reason"])
    return EXIT_OK


def outcome(default_loss: float, fitted_loss: float, saved: bool, dry_run: bool) -> str:
    """Whether the fitted parameters were saved, and why, with both figures."""
    figures = f"held-out log loss {fitted_loss:.4f} fitted vs {default_loss:.4f} default; lower is better"
    if saved:
        return f"fitted parameters saved: they predict your held-out reviews better ({figures})"
    if fitted_loss >= default_loss:
        return ("parameters not saved: the fitted ones predict your held-out reviews no better than the defaults "
                f"({figures})")
    return f"parameters not saved (--dry-run), though the fitted ones predict better ({figures})"


def _progress(args, message: str) -> None:
    if not args.json:
        print(message, file=sys.stderr, flush=True)
