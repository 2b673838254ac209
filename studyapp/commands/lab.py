"""`studyapp lab list` and `studyapp lab run ID` (the exercise commands are in `exercise.py`)."""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

from studyapp.commands.common import EXIT_OK, CommandError, emit_json, open_collection
from studyapp.commands.lab_output import print_result, show_event


def lab_list(args) -> int:
    from studyapp.service.labs import lab_index, lab_status

    with open_collection(args) as collection:
        last, attempts = lab_status(collection), lab_status(collection, exercise=True)
    rows = [{**lab.to_dict(), "last_status": last.get(lab.id, {}).get("status"),
             "exercise_status": attempts.get(lab.id, {}).get("status")} for lab in lab_index().labs]
    if args.json:
        emit_json([{k: r[k] for k in ("id", "title", "notes", "modes", "last_status", "exercise_status")}
                   for r in rows])
        return EXIT_OK
    width = max((len(r["id"]) for r in rows), default=0) + 2
    for r in rows:
        exercise = f"exercise {r['exercise_status']}" if r["exercise_status"] else "exercise not tried"
        print(f"{r['id']:<{width}} {r['last_status'] or 'never run':<10} {exercise:<18} {r['title']}")
    return EXIT_OK


def lab_run(args) -> int:
    from studyapp.commands.backend import backend_named
    from studyapp.service.labs import exit_code, lab_index, save_run

    try:
        lab_index().lab(args.lab_id)
    except KeyError as error:
        raise CommandError(error.args[0]) from None
    with open_collection(args) as collection, stopped_by_signals() as stop:
        backend = backend_named(collection, getattr(args, "on", None))
        result = backend.run(args.lab_id, device=args.device, mode=args.mode,
                             on_event=None if args.json else show_event, cancel=stop)
        run_id = save_run(collection, result)
    if args.json:
        emit_json({**result.to_document(), "id": run_id})
    else:
        print_result(result)
    return exit_code(result)


@contextmanager
def stopped_by_signals():
    """Ctrl-C or SIGTERM cancels the run (the lab's process group is killed, its folder removed) and the
    run is still recorded, as cancelled, instead of the command dying with the lab left behind."""
    stop = threading.Event()
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
        except ValueError:  # not the main thread: nothing to install
            pass
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
