"""The report of one interview: total, per section and topic, time per question, missed key points, next."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from studyapp.service import interview as interviews
from studyapp.service.interview import short_question
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone

from .interview_base import InterviewScreen, clock_text, pct


@dataclass(eq=False)
class ReportRead(WorkDone):
    data: dict[str, Any] | None  # None: no interview yet


class InterviewReportScreen(InterviewScreen):
    BINDINGS = [
        Binding("h", "history", "interview.history"),
        Binding("q", "back", "interview.back"),
        Binding("escape", "back", "interview.back", show=False),
    ]

    def __init__(self, collection=None, clock: Callable[[], datetime] | None = None, session_id: int | None = None,
                 data: dict[str, Any] | None = None):
        super().__init__(collection, clock)
        self.session_id = session_id
        self.data = data

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="iv-report"):
            yield Static("", id="iv-report-title", classes="iv-title")
            yield Static("", id="iv-report-summary", markup=False)
            yield DataTable(id="iv-groups", cursor_type="none", zebra_stripes=True)
            yield DataTable(id="iv-questions", cursor_type="row", zebra_stripes=True)
            yield Static("", id="iv-missed", markup=False)
            yield Static("", id="iv-next", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if self.data is not None:
            self.show(self.data)
            return

        collection, session_id = self.collection, self.session_id

        def load():
            try:
                return interviews.load_report(collection, session_id)
            except interviews.NoInterviews:
                return None

        self.fetch(load, ReportRead)

    def on_report_read(self, message: ReportRead) -> None:
        self.show(message.data)

    async def after_recompose(self) -> None:
        if self.data is not None:
            self.show(self.data)

    def show(self, data: dict[str, Any] | None) -> None:
        self.data = data
        title = self.query_one("#iv-report-title", Static)
        if data is None:
            title.update(self.t("interview.no_sessions"))
            return
        title.update(self.t("interview.report_title", id=data.get("session") or "", pct=pct(data["score"])))
        coverage = self.t("interview.coverage", pct=pct(data["coverage"]))
        summary = [f"{data['minutes']} min · {data['mode']} · {clock_text(data['seconds_used'])} / "
                   f"{clock_text(data['seconds_allowed'])} · {coverage}"]
        if data["again"]:
            summary.append(self.t("interview.again_note", n=len(data["again"])))
        self.query_one("#iv-report-summary", Static).update("\n".join(summary))
        groups = self.query_one("#iv-groups", DataTable)
        groups.clear(columns=True)
        groups.add_columns("", self.t("interview.by_section") + " / " + self.t("interview.by_topic"), "%", "n")
        for key, label in (("by_section", "§"), ("by_topic", "#")):
            for name, value in data[key].items():
                groups.add_row(label, name, pct(value["score"]), str(value["questions"]))
        table = self.query_one("#iv-questions", DataTable)
        table.clear(columns=True)
        table.add_columns("#", "type", "topic", self.t("interview.questions"), "time", "score", "")
        for row in data["questions"]:
            flag = "⏱" if row["timed_out"] else "?" if row["skipped"] else ""
            rating = "" if row["self_rating"] is None else f" ({row['self_rating']}/4)"
            table.add_row(str(row["position"]), row["type"], Text(row["topic"]), Text(short_question(row["prompt"], 40)),
                          f"{clock_text(row['seconds_used'])}/{clock_text(row['seconds_allowed'])}",
                          pct(row["score"]) + rating, flag)
        missed = [f"{short_question(m.get('question') or m['note'], 40)}: {'、'.join(m['points'])}"
                  for m in data["missed_key_points"]]
        self.query_one("#iv-missed", Static).update(self.t("interview.missed", points="\n  " + "\n  ".join(missed))
                                                    if missed else "")
        nxt = data["next"]
        cards = "".join(f"\n  {short_question(c.get('question') or c['note'], 60)}" for c in nxt["cards"])
        self.query_one("#iv-next", Static).update(self.t(
            "interview.next_up", cards=cards or " —", labs="、".join(lab["title"] for lab in nxt["labs"]) or "—"))

    def action_history(self) -> None:
        from .interview_history import InterviewHistoryScreen

        self.app.push_screen(InterviewHistoryScreen(self.collection, self.clock))

    def action_back(self) -> None:
        self.app.pop_screen()
