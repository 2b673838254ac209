"""`studyapp cards`, `rate`, `undo`, `stats`."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from studyapp.commands.common import EXIT_OK, EXIT_PROBLEM, CommandError, emit_json, open_collection


def counted(n: int, noun: str) -> str:
    """"1 card", "3 cards"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def cards(args) -> int:
    from studyapp.service import study
    from studyapp.service.card_labs import CardLabs

    with open_collection(args) as collection:
        views = study.cards(collection, due_only=args.due, labs=CardLabs.catalogue())
    if args.json:
        emit_json([v.to_json() for v in views])
        return EXIT_OK
    for v in views:
        lab = f"  [lab: {v.lab}]" if v.lab else ""
        recall = "R=  – " if v.state == "new" else f"R={v.retrievability:.2f}"  # a new card has no memory yet
        print(f"{v.id:>6}  {v.state:<10} due {v.due:%Y-%m-%d %H:%M}  {recall}  {v.question}{lab}")
    print(counted(len(views), "card"))
    return EXIT_OK


EARLIEST_ANSWER = datetime(1990, 1, 1, tzinfo=timezone.utc)
LATEST_AHEAD = timedelta(days=1)  # a clock a little ahead is fine; an answer from next year is a typo
MAX_CARD_ID = 2**63 - 1  # SQLite's integer range


def parse_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
        moment = moment if moment.tzinfo else moment.astimezone()  # a bare time is local time
        moment = moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise CommandError(f"--at: {text!r} is not an ISO-8601 time (e.g. 2026-11-28T09:30:00+00:00)") from None
    if not EARLIEST_ANSWER <= moment <= datetime.now(timezone.utc) + LATEST_AHEAD:
        raise CommandError(f"--at: {text} is not a possible time for an answer (before 1990 or in the future)")
    return moment


def rate(args) -> int:
    from studyapp.service.study import parse_rating
    from studyapp.service.study import rate as rate_card

    try:
        rating = parse_rating(args.rating)
    except ValueError as error:
        raise CommandError(str(error)) from None
    at = parse_time(args.at)
    if not 0 < args.card_id <= MAX_CARD_ID:
        raise CommandError(f"no card with id {args.card_id}")
    with open_collection(args) as collection:
        result = rate_card(collection, args.card_id, rating, now=at)
    if args.json:
        emit_json(result.to_json())
    else:
        leech = "  (leech: suspended)" if result.leech else ""
        print(f"card {result.card_id}: {result.rating} -> {result.state}, due {result.due.astimezone():%Y-%m-%d %H:%M}{leech}")
    return EXIT_OK


def undo(args) -> int:
    from studyapp.service import study

    with open_collection(args) as collection:
        result = study.undo(collection)
    if result is None:
        if args.json:
            emit_json({"undone": None})
        else:
            print("nothing to undo")
        return EXIT_PROBLEM
    if args.json:
        emit_json({"undone": result.to_json()})
    else:
        print(f"undid '{result.rating}' on card {result.card_id}")
    return EXIT_OK


def stats(args) -> int:
    from studyapp.service import study

    with open_collection(args) as collection:
        summary = study.summary(collection)
    if args.json:
        emit_json(summary.to_json())
        return EXIT_OK
    retention = "-" if summary.retention_30d is None else f"{summary.retention_30d:.1%}"
    print(f"due today {summary.due_today} · new {summary.new_today} · learning {summary.learning}")
    streak = counted(summary.streak_days, "day")
    print(f"reviews today {summary.reviews_today} · retention (30 days) {retention} · streak {streak}")
    print(f"{counted(summary.total_cards, 'card')}, {summary.suspended} suspended")
    return EXIT_OK
