"""`studyapp lab start|check|hint|solution ID`: the learner writes a lab's functions and the lab grades them.

    start     copy the lab's exercise into the workspace (never over the learner's file without --force)
    check     run the lab's checks on the learner's file; --watch runs them again on every save
    hint      the next hint (the counter is kept per lab in the collection)
    solution  the lab's reference functions, once an attempt has been judged
"""
from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.commands.common import EXIT_OK, EXIT_PROBLEM, CommandError, emit_json, open_collection
from studyapp.commands.lab_output import print_result, show_event

if TYPE_CHECKING:
    from studyapp.service.collection import Collection


def _known_lab(lab_id: str) -> None:
    from studyapp.service.labs import lab_index

    try:
        lab_index().lab(lab_id)
    except KeyError as error:
        raise CommandError(error.args[0]) from None


def lab_start(args) -> int:
    from studyapp.service.labs import NoExercise, exercise_target, start_exercise

    _known_lab(args.lab_id)
    with open_collection(args) as collection:
        # without --workspace: the file this lab was started in before (remembered), else the data folder
        target = exercise_target(collection, args.lab_id, args.workspace)
        try:
            started = start_exercise(collection, args.lab_id, target, force=args.force)
        except NoExercise as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"{target}: cannot write the exercise there: {error.strerror or error}") from None
    if args.json:
        emit_json(started.to_dict())
        return EXIT_OK
    if started.created:
        print(started.path)
        if started.backup:
            print(f"your previous file was kept as {started.backup}", file=sys.stderr)
        print(f"write the functions in it, then: studyapp lab check {args.lab_id}", file=sys.stderr)
    else:
        print(started.path)
        print(f"{started.path} already exists and was kept (--force replaces it, keeping a backup)", file=sys.stderr)
    return EXIT_OK


def _hints(lab_id: str):
    from studyapp.service.labs import HintsError, load_hints

    try:
        return load_hints(lab_id)
    except (HintsError, OSError) as error:
        print(f"studyapp: {error}", file=sys.stderr)  # a broken hints file must not hide the checks
        return None


def _attempt(args, collection: Collection, path: Path) -> int:
    from studyapp.commands.backend import backend_named
    from studyapp.service.labs import check_file, exit_code, save_run

    backend = backend_named(collection, getattr(args, "on", None))  # the file travels with a remote run
    result = check_file(args.lab_id, path, device=args.device, mode=args.mode,
                        on_event=None if args.json else show_event, runner=backend.run)
    document = {**result.to_document(), "id": save_run(collection, result, exercise=True), "exercise": True}
    if args.json:
        if args.watch:  # one document per run, one per line
            print(json.dumps(document, ensure_ascii=False, default=str), flush=True)
        else:
            emit_json(document)
    else:
        print_result(result, _hints(args.lab_id), f"studyapp lab hint {args.lab_id}")
    return exit_code(result)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def lab_check(args) -> int:
    from studyapp.service.labs import exercise_path

    _known_lab(args.lab_id)
    # a terminal closed or a `kill` ends the check as Ctrl-C does, so the lab process it started is ended too
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    with open_collection(args) as collection:
        path = Path(args.file).expanduser().resolve() if args.file else exercise_path(collection, args.lab_id)
        if not args.watch:
            return _attempt(args, collection, path)
        return _watch(args, collection, path)


def _watch(args, collection: Collection, path: Path) -> int:
    try:
        from watchfiles import watch
    except ImportError:
        raise CommandError("--watch needs the watchfiles package (pip install watchfiles)") from None
    if not path.parent.is_dir():
        raise CommandError(f"{path.parent}: no such folder; `studyapp lab start {args.lab_id}` creates it")
    code = EXIT_PROBLEM
    try:
        code = _attempt(args, collection, path)
        print(f"watching {path} (Ctrl-C to stop)", file=sys.stderr, flush=True)
        for _changes in watch(path.parent, watch_filter=lambda _change, changed: Path(changed) == path,
                              debounce=400, raise_interrupt=True):
            if path.is_file():  # an editor's save may remove and recreate the file
                print(f"\n--- {time.strftime('%H:%M:%S')} {path.name} saved: checking again ---", file=sys.stderr,
                      flush=True)
                code = _attempt(args, collection, path)
                print(f"watching {path} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print("stopped watching", file=sys.stderr, flush=True)
    return code


def lab_hint(args) -> int:
    from studyapp.service.labs import HintsError, NoExercise, load_hints, take_hint

    if args.solution:
        return lab_solution(args)
    _known_lab(args.lab_id)
    try:
        found = load_hints(args.lab_id)
    except (HintsError, NoExercise) as error:
        raise CommandError(str(error)) from None
    if not found.general:
        print(f"lab {args.lab_id} has no hints yet")
        return EXIT_OK
    with open_collection(args) as collection:
        index = take_hint(collection, args.lab_id, len(found.general))
    total = len(found.general)
    if args.json:
        emit_json({"lab": args.lab_id, "number": index + 1, "of": total, "hint": found.general[index],
                   "source": found.source})
        return EXIT_OK
    print(f"Hint {index + 1} of {total} ({args.lab_id}):")
    print(found.general[index])
    if index + 1 == total:
        print(f"That was the last hint; after a checked attempt, `studyapp lab solution {args.lab_id}` "
              "shows the reference.")
    return EXIT_OK


def lab_solution(args) -> int:
    from studyapp.service.labs import NoExercise, attempt_counts, reference_solution, solution_module

    _known_lab(args.lab_id)
    with open_collection(args) as collection:
        attempts = attempt_counts(collection, args.lab_id)
    if attempts["fail"] == 0 and attempts["pass"] == 0:
        unfinished = f" ({attempts['error']} attempt(s) did not finish)" if attempts["error"] else ""
        reason = (f"the reference solution is shown after a checked attempt{unfinished}: write your functions, "
                  f"run `studyapp lab check {args.lab_id}`, and ask again if a check fails")
        if args.json:
            emit_json({"lab": args.lab_id, "shown": False, "reason": reason, "attempts": attempts})
        else:
            print(reason)
        return EXIT_PROBLEM
    try:
        found, missing = reference_solution(args.lab_id)
    except NoExercise as error:
        raise CommandError(str(error)) from None
    if args.json:
        emit_json({"lab": args.lab_id, "shown": True, "attempts": attempts, "missing": missing,
                   "functions": [{"name": r.name, "module": r.module, "source": r.source, "support": r.support}
                                 for r in found], "module": solution_module(found)})
        return EXIT_OK
    print(solution_module(found), end="")
    if missing:
        print(f"# no reference found for: {', '.join(missing)}")
    return EXIT_OK
