"""`studyapp interview`: plan a mock interview (--plan), print a report, or start one in the app."""
from __future__ import annotations

import sys

from studyapp.commands.common import EXIT_OK, EXIT_PROBLEM, CommandError, emit_json, open_collection


def main(args) -> int:
    if args.action == "report":
        return report(args)
    if args.plan:
        return plan(args)
    return start(args)


def _options(args):
    from studyapp.service.interview import SessionOptions

    if args.minutes <= 0 or args.minutes > 180:
        raise CommandError("--minutes must be between 1 and 180")
    return SessionOptions(minutes=args.minutes, mode=args.mode, sections=tuple(args.sections or ()),
                          weakest_first=args.weakest_first, affects_schedule=not args.no_schedule, seed=args.seed)


def plan(args) -> int:
    from studyapp.service.interview import make_plan, sections

    options = _options(args)
    with open_collection(args) as collection:
        unknown = sorted(set(options.sections) - set(sections(collection)))
        if unknown:
            raise CommandError(f"no section named {unknown[0]!r} (see `studyapp cards`)")
        result = make_plan(collection, options)
    if args.json:
        emit_json(result.to_json())
        return EXIT_OK
    print(f"{len(result.questions)} questions, {result.seconds // 60}:{result.seconds % 60:02d} "
          f"for {result.minutes} minutes (seed {result.seed})")
    from studyapp.service.interview import short_question

    for i, q in enumerate(result.questions, 1):
        print(f"{i:>2}. {q.seconds:>4} s  {q.type:<7} [{q.topic}] {short_question(q.prompt, 60)}")
    if result.reserve:
        print(f"    (+ {len(result.reserve)} more in reserve, asked if time is left)")
    return EXIT_OK


def report(args) -> int:
    from studyapp.service.interview import NoInterviews, load_report

    if args.session_id is not None and args.last:
        raise CommandError("give either --last or a session id, not both")
    with open_collection(args) as collection:
        try:
            data = load_report(collection, args.session_id)
        except NoInterviews as error:
            print(f"studyapp: {error}", file=sys.stderr)
            return EXIT_PROBLEM
    if args.json:
        emit_json(data)
        return EXIT_OK
    from studyapp.service.interview import render_markdown

    # Markdown is also the plain-text form: it reads well as it is.
    sys.stdout.write(render_markdown(data))
    return EXIT_OK


def start(args) -> int:
    options = _options(args)
    collection = open_collection(args)
    try:
        from studyapp.tui.app import create_app
        from studyapp.tui.screens.interview_setup import InterviewSetupScreen

        create_app(collection, start=InterviewSetupScreen(defaults=options)).run()
    finally:
        collection.close()
    return EXIT_OK
