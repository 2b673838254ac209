"""`studyapp lab list` and `studyapp lab run ID`."""
from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager

from studyapp.commands.common import EXIT_OK, CommandError, emit_json, open_collection


def lab_list(args) -> int:
    from studyapp.labrunner import list_labs

    with open_collection(args) as collection:
        last = collection.lab_status()
    rows = [{**lab.to_dict(), "last_status": last.get(lab.id, {}).get("status")} for lab in list_labs()]
    if args.json:
        emit_json([{k: r[k] for k in ("id", "title", "notes", "modes", "last_status")} for r in rows])
        return EXIT_OK
    for r in rows:
        print(f"{r['id']:<10} {r['last_status'] or 'never run':<10} {r['title']}")
    return EXIT_OK


def lab_run(args) -> int:
    from studyapp.labrunner import exit_code, get_lab, run_lab

    try:
        get_lab(args.lab_id)
    except KeyError as error:
        raise CommandError(error.args[0]) from None
    with open_collection(args) as collection, stopped_by_signals() as stop:
        result = run_lab(args.lab_id, device=args.device, mode=args.mode, on_event=None if args.json else _show,
                         cancel=stop)
        result["id"] = collection.save_lab_run(result)
    if args.json:
        emit_json(result)
    else:
        _print_checks(result)
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


def _show(event: dict) -> None:
    kind = event.get("event")
    if kind == "progress":
        print(f"  [{event.get('fraction', 0):>4.0%}] {event.get('message', '')}", file=sys.stderr, flush=True)
    elif kind == "log":
        print(f"  {event.get('message', '')}", file=sys.stderr, flush=True)


def _print_checks(result: dict) -> None:
    print(f"{result['lab']}: {result['status']} on {result.get('device')} "
          f"(torch {result.get('torch')}, {result.get('seconds', 0):.1f} s)")
    for check in result.get("checks", []):
        mark = {"pass": "✓", "fail": "✗"}.get(check["status"], "·")
        print(f"  {mark} {check['name']}: expected {check.get('expected')}, measured {check.get('measured')}"
              f" — {check.get('message', '')}")
    if result.get("message"):
        print(result["message"])
