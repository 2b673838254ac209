"""One run's outcome: a status line, the table of checks (the highlighted one in full), the metrics."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from studyapp.service.labs import CheckResult, LabResult
from studyapp.tui.screens.lab_base import LabScreen, cell, device_text, fmt_seconds, fmt_value
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar

# cells of the fixed columns; the explanation takes what the terminal has left
NAME_W, VALUE_W, RESULT_W = 24, 14, 6
TABLE_CHROME = 16  # margins, the cell padding of five columns and a scrollbar


class ResultView(Vertical):
    """Filled by `show(result)`; the hosting screen gives the strings (`screen.t`)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.result: LabResult | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="lab-result-status")
        yield Static("", classes="lab-result-message", markup=False)
        yield DataTable(classes="lab-checks", cursor_type="row", zebra_stripes=True)
        yield Static("", classes="lab-check-detail", markup=False)
        yield DataTable(classes="lab-metrics", cursor_type="row", zebra_stripes=True)

    def show(self, result: LabResult) -> None:
        screen: LabScreen = self.screen
        t = screen.t
        self.result = result
        checks = result.checks
        line = screen.status_text(result.status).copy()
        parts = [device_text(result) if result.device else "",
                 t("lab.result_torch", version=result.torch) if result.torch else "",
                 fmt_seconds(result.seconds) if result.seconds is not None else ""]
        if checks:
            counts = result.tally()  # a demo cannot fail, so never counts
            parts.append(t("lab.result_checks", passed=counts["pass"], failed=counts["fail"], skipped=counts["skip"]))
            if len(result.counted_checks) < len(checks):
                parts.append(t("lab.result_demos", shown=len(checks) - len(result.counted_checks)))
        line.append("".join(f" · {part}" for part in parts if part))
        self.query_one(".lab-result-status", Static).update(line)
        message = screen.message_text(result.message)
        box = self.query_one(".lab-result-message", Static)
        box.display = bool(message) or not checks
        box.update(t("lab.result_message", message=message) if message else t("lab.no_checks"))
        box.set_class(result.status == "error", "-error")
        self._fill_checks(checks)
        self._fill_metrics(result.metrics)
        detail = self.query_one(".lab-check-detail", Static)
        detail.display = bool(checks or result.metrics)
        detail.update("")

    def _fill_checks(self, checks: tuple[CheckResult, ...]) -> None:
        t = self.screen.t
        table = self.query_one(".lab-checks", DataTable)
        table.clear(columns=True)
        why_w = max(16, self.app.size.width - NAME_W - 2 * VALUE_W - RESULT_W - TABLE_CHROME)
        for label, width in (("lab.col_check", NAME_W), ("lab.col_expected", VALUE_W), ("lab.col_measured", VALUE_W),
                             ("lab.col_result", RESULT_W), ("lab.col_why", why_w)):
            table.add_column(t(label), width=width)
        for i, check in enumerate(checks):
            table.add_row(cell(check.name, NAME_W), cell(fmt_value(check.expected), VALUE_W),
                          cell(fmt_value(check.measured), VALUE_W), self._verdict(check),
                          cell(check.message, why_w), key=str(i))
        table.display = bool(checks)
        failed = [i for i, check in enumerate(checks) if check.status == "fail"]
        if failed:  # the cursor starts where the reader will look first
            table.move_cursor(row=failed[0])

    def _verdict(self, check: CheckResult):
        if not check.counted:
            return Text(self.screen.t("lab.status_demo"), style="dim italic")
        return self.screen.status_text(check.status)

    def _fill_metrics(self, metrics: Mapping[str, Any]) -> None:
        t = self.screen.t
        table = self.query_one(".lab-metrics", DataTable)
        table.clear(columns=True)
        value_w = max(20, self.app.size.width - 30 - 8)
        table.add_column(t("lab.col_metric"), width=30)
        table.add_column(t("lab.col_value"), width=value_w)
        for name, value in metrics.items():
            table.add_row(cell(name, 30), cell(fmt_value(value), value_w))
        table.display = bool(metrics)

    def _describe(self, table: DataTable) -> None:
        """The highlighted row in full, under the tables: a check's claim, or a metric's whole value."""
        row, result = table.cursor_row, self.result
        t = self.screen.t
        if result is None:
            return
        if table.has_class("lab-checks"):
            if not 0 <= row < len(result.checks):
                return
            c = result.checks[row]
            tol = t("lab.tolerance", tol=c.tolerance) if c.tolerance else ""
            text = t("lab.check_detail", name=c.name, expected=fmt_value(c.expected),
                     measured=fmt_value(c.measured), tolerance=tol, why=c.message)
        else:
            metrics = list(result.metrics.items())
            if not 0 <= row < len(metrics):
                return
            text = f"{metrics[row][0]} = {fmt_value(metrics[row][1])}"
        self.query_one(".lab-check-detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.has_focus:
            self._describe(event.data_table)

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, DataTable):
            self._describe(event.widget)

    def focus_checks(self) -> None:
        checks = self.query_one(".lab-checks", DataTable)
        table = checks if checks.display else self.query_one(".lab-metrics", DataTable)
        table.focus()
        self._describe(table)


class LabResultScreen(LabScreen):
    """An earlier run, opened from the list of runs (run_id: its number in the collection)."""

    BINDINGS = [Binding("q", "app.pop_screen", "lab.back"), Binding("escape", "app.pop_screen", "lab.back", show=False)]

    def __init__(self, result: LabResult, run_id: int | None = None):
        super().__init__()
        self.result, self.run_id = result, run_id

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self._title(), id="lab-result-title", markup=False)
        yield ResultView(id="lab-result-view")
        yield KeyBar()

    def _title(self) -> str:
        return self.t("lab.result_title", id="—" if self.run_id is None else self.run_id, lab=self.result.lab)

    def on_mount(self) -> None:
        super().on_mount()
        self._show()

    async def after_recompose(self) -> None:
        self._show()

    def _show(self) -> None:
        self.sub_title = self.t("lab.title")
        view = self.query_one(ResultView)
        view.show(self.result)
        view.focus_checks()
