"""An exercise attempt as the learner reads it: the verdict, failing checks with expected vs measured and a
hint, passing ones in a line each, demos apart (shown, not counted). Plain `rich.text.Text`: check names and
messages are never read as markup."""
from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from studyapp.service.labs import CheckResult, LabResult, by_kind, counted_tally
from studyapp.tui.screens.lab_base import STATUS_STYLES, fmt_seconds, fmt_value

GROUP_KEYS = {"exercise": "lab.ex_group_exercise", "experiment": "lab.ex_group_experiment", "demo": "lab.ex_group_demo"}


def verdict(result: LabResult) -> str:
    """pass, fail, unfinished or error."""
    if result.status == "error" and result.unfinished is not None:
        return "unfinished"
    return result.status


def report_text(result: LabResult, t: Callable[..., str], hints=None) -> Text:
    """t: the screen's translator; hints: the lab's Hints (a failing check's own hint, else the first one)."""
    text = Text()
    status = verdict(result)
    style = "bold yellow" if status == "unfinished" else STATUS_STYLES.get(status, "bold")
    text.append(t(f"lab.ex_status_{status}"), style=style)
    checks = result.checks
    if checks:
        tally = counted_tally(checks)
        text.append(" · " + t("lab.ex_tally", passed=tally["pass"], failed=tally["fail"]))
    if result.seconds is not None:
        text.append(" · " + fmt_seconds(result.seconds), style="dim")
    if result.message and (status in ("unfinished", "error") or not checks):
        text.append("\n" + result.message, style="bold red" if status == "error" else "bold yellow")
    for kind, group in by_kind(checks).items():
        if group:
            text.append("\n\n" + t(GROUP_KEYS[kind]), style="bold underline")
            for check in group:
                _append_check(text, check, kind, t, hints)
    if status == "fail" and hints is not None and hints.general:
        own = [c for c in result.failed_checks if hints.for_check(c.name)]
        if not own:
            text.append("\n\n" + t("lab.ex_hint_label") + " ", style="bold")
            text.append(hints.general[0])
    return text


def _append_check(text: Text, check: CheckResult, kind: str, t, hints) -> None:
    name, why, status = check.name, check.message, check.status
    if kind == "demo":
        text.append(f"\n  · {name}: ", style="dim")
        text.append(fmt_value(check.measured), style="dim")
        return
    mark = {"pass": "✓", "fail": "✗", "skip": "-"}.get(status, "?")
    text.append(f"\n  {mark} ", style=STATUS_STYLES.get(status, ""))
    text.append(name, style="bold" if status == "fail" else "")
    if status != "fail":
        return
    text.append("\n      " + t("lab.ex_expected_measured", expected=fmt_value(check.expected),
                                measured=fmt_value(check.measured)))
    if check.tolerance:
        text.append(" " + t("lab.ex_tolerance", tol=check.tolerance), style="dim")
    if why:
        text.append("\n      " + why, style="dim")
    hint = hints.for_check(name) if hints is not None else None
    if hint:
        text.append("\n      " + t("lab.ex_hint_label") + " ", style="bold")
        text.append(hint)
