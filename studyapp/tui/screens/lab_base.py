"""What the lab screens share: their strings, their stylesheet, and how values and statuses read."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from studyapp.tui.base import StudyScreen
from studyapp.tui.widgets.cells import clip
from studyapp.tui.workers import WorkDone

if TYPE_CHECKING:
    from studyapp.service.labs import LabResult

STATUS_STYLES = {"pass": "bold green", "fail": "bold red", "error": "bold red", "skip": "dim"}


@dataclass(frozen=True)
class SavedRun:
    """A lab run's judged result and its row in the collection (None, and why, when it could not be saved)."""

    result: LabResult
    run_id: int | None
    save_error: Exception | None


@dataclass(eq=False)
class LabFinished(WorkDone):
    run: SavedRun | None  # None: the run was superseded or cancelled by the screen going away


def save_run(app, result: LabResult, exercise: bool = False) -> SavedRun:
    """Store a finished run (from the worker): a failure to save is reported with the result, not instead of it."""
    from studyapp.service import labs

    try:
        return SavedRun(result, app.store(lambda: labs.save_run(app.collection, result, exercise=exercise)), None)
    except Exception as error:
        return SavedRun(result, None, error)


class LabScreen(StudyScreen):
    CSS_PATH = "../labs.tcss"

    def status_text(self, status: str | None) -> Text:
        status = status or "error"
        label = self.t(f"lab.status_{status}", default=status)  # a status the screens do not know: as it is
        return Text(label, style=STATUS_STYLES.get(status, ""))

    def message_text(self, message: str) -> str:
        return self.t("lab.msg_cancelled") if message == "cancelled" else message


def fmt_value(value) -> str:
    """A measured or expected value on one line: short floats, compact lists and dicts."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        # plain digits where they fit (65504, 0.0123); powers of ten for the very large and small
        return f"{value:.6g}" if value == 0 or 1e-4 <= abs(value) < 1e7 else f"{value:.4g}"
    if isinstance(value, (int, str)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(fmt_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {fmt_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False, default=str)


def cell(text, width: int | None = None) -> Text:
    """A table cell taken literally: DataTable reads plain strings as markup, and names like `loss[fp16]` are not."""
    text = str(text)
    return clip(text, width) if width else Text(text)


def fmt_seconds(seconds) -> str:
    return "—" if not isinstance(seconds, (int, float)) else f"{seconds:.1f} s"


def fmt_when(started: str | None, with_time: bool = True) -> str:
    """An ISO UTC time in the local zone (the store keeps UTC)."""
    try:
        local = datetime.fromisoformat(started).astimezone()
    except (TypeError, ValueError):
        return "—"
    return local.strftime("%Y-%m-%d %H:%M" if with_time else "%m-%d")


def device_text(result: LabResult) -> str:
    device = result.device or "—"
    name = result.device_name
    text = f"{device} ({name})" if name and name != device else device
    backend = result.backend
    return f"{text} · {backend}" if backend and backend != "local" else text  # where it ran, when not here
