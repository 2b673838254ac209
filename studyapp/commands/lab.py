"""`studyapp lab list` and `studyapp lab run ID`."""
from __future__ import annotations

import sys

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
    from studyapp.commands.backend import backend_named
    from studyapp.labrunner import exit_code, get_lab

    try:
        get_lab(args.lab_id)
    except KeyError as error:
        raise CommandError(error.args[0]) from None
    with open_collection(args) as collection:
        backend = backend_named(collection, getattr(args, "on", None))
        result = backend.run(args.lab_id, device=args.device, mode=args.mode, on_event=None if args.json else _show)
        result["id"] = collection.save_lab_run(result)
    if args.json:
        emit_json(result)
    else:
        _print_checks(result)
    return exit_code(result)


def _show(event: dict) -> None:
    kind = event.get("event")
    if kind == "progress":
        print(f"  [{event.get('fraction', 0):>4.0%}] {event.get('message', '')}", file=sys.stderr, flush=True)
    elif kind == "log":
        print(f"  {event.get('message', '')}", file=sys.stderr, flush=True)


def _print_checks(result: dict) -> None:
    where = f" ({result['backend']})" if result.get("backend", "local") != "local" else ""
    print(f"{result['lab']}: {result['status']} on {result.get('device')}{where} "
          f"(torch {result.get('torch')}, {result.get('seconds', 0):.1f} s)")
    for check in result.get("checks", []):
        mark = {"pass": "✓", "fail": "✗"}.get(check["status"], "·")
        print(f"  {mark} {check['name']}: expected {check.get('expected')}, measured {check.get('measured')}"
              f" — {check.get('message', '')}")
    if result.get("message"):
        print(result["message"])
