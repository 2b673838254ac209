"""`studyapp lab list` and `studyapp lab run ID` (the exercise commands are in `exercise.py`)."""
from __future__ import annotations

from studyapp.commands.common import EXIT_OK, CommandError, emit_json, open_collection
from studyapp.commands.lab_output import print_result, show_event


def lab_list(args) -> int:
    from studyapp.labrunner import list_labs

    with open_collection(args) as collection:
        last, attempts = collection.lab_status(), collection.lab_status(exercise=True)
    rows = [{**lab.to_dict(), "last_status": last.get(lab.id, {}).get("status"),
             "exercise_status": attempts.get(lab.id, {}).get("status")} for lab in list_labs()]
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
    from studyapp.labrunner import exit_code, get_lab, run_lab

    try:
        get_lab(args.lab_id)
    except KeyError as error:
        raise CommandError(error.args[0]) from None
    with open_collection(args) as collection:
        result = run_lab(args.lab_id, device=args.device, mode=args.mode, on_event=None if args.json else show_event)
        result["id"] = collection.save_lab_run(result)
    if args.json:
        emit_json(result)
    else:
        print_result(result)
    return exit_code(result)
