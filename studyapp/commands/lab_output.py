"""A lab run or exercise attempt as plain text: checks grouped by kind, demos apart, failures in full."""
from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.service.labs import CheckResult, LabResult

GROUP_TITLES = {
    "exercise": "Exercise checks (graded from your functions)",
    "experiment": "Experiment checks (measured against an independent reference)",
    "demo": "Shown, not counted (demos: facts that cannot fail)",
}
MARKS = {"pass": "✓", "fail": "✗", "skip": "-"}


def value(v) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, default=str)
    return str(v)


def show_event(event: dict) -> None:
    """A lab's live progress and log lines, on stderr (stdout stays the result)."""
    kind = event.get("event")
    if kind == "progress":
        print(f"  [{event.get('fraction', 0):>4.0%}] {event.get('message', '')}", file=sys.stderr, flush=True)
    elif kind == "log":
        print(f"  {event.get('message', '')}", file=sys.stderr, flush=True)


def result_lines(result: LabResult, hints=None, hint_command: str | None = None) -> list[str]:
    """hints: a labrunner.hints.Hints for a failing attempt (a check's own hint, else the lab's first one)."""
    from studyapp.service.labs import by_kind, counted_tally

    where = f" ({result.exercise_file})" if result.exercise_file else ""
    facts = ", ".join(part for part in (
        f"on {result.device}" if result.device else "",
        f"torch {result.torch}" if result.torch else "",
        f"{result.seconds:.1f} s" if result.seconds is not None else "") if part)
    lines = [f"{result.lab}{where}: {result.status}" + (f" — {facts}" if facts else "")]
    for kind, group in by_kind(result.checks).items():
        if not group:
            continue
        tally = counted_tally(group)
        counts = "" if kind == "demo" else f": {tally['pass']} passed, {tally['fail']} failed" + (
            f", {tally['skip']} skipped" if tally["skip"] else "")
        lines.append(f"{GROUP_TITLES[kind]}{counts}")
        for check in group:
            lines += _check_lines(check, kind, hints)
    if result.message:
        lines.append(result.message)
    failed = result.status == "fail"
    if failed and hints is not None and hints.general and not any(
            hints.for_check(c.name) for c in result.failed_checks):
        lines.append(f"Hint: {hints.general[0]}")
    if (failed or result.unfinished) and hint_command:
        lines.append(f"More help: `{hint_command}`")
    return lines


def _check_lines(check: CheckResult, kind: str, hints) -> list[str]:
    name, why = check.name, check.message
    if kind == "demo":
        return [f"  · {name}: {value(check.measured)} — {why}"]
    mark = MARKS.get(check.status, "?")
    if check.status != "fail":
        return [f"  {mark} {name} — {why}"]
    tolerance = f" (tolerance {check.tolerance})" if check.tolerance else ""
    lines = [f"  {mark} {name}: expected {value(check.expected)}, measured {value(check.measured)}"
             f"{tolerance}", f"      {why}"]
    hint = hints.for_check(name) if hints is not None else None
    if hint:
        lines.append(f"      hint: {hint}")
    return lines


def print_result(result: LabResult, hints=None, hint_command: str | None = None) -> None:
    print("\n".join(result_lines(result, hints, hint_command)), flush=True)
