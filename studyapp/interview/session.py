"""A session from plan to stored report: its options, and the recorder that keeps it in a `SessionStore`
(passed in: studyapp.service.interview wires the collection). The store's calls block (the TUI makes
them in thread workers)."""
from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from .engine import InterviewEngine
from .model import AnswerRecord, PlanOptions
from .ports import SessionStore
from .report import Report, SessionMeta, build_report


@dataclass(frozen=True)
class SessionOptions:
    minutes: int = 15
    mode: str = "practice"
    sections: tuple[str, ...] = ()
    weakest_first: bool = False
    affects_schedule: bool = True
    seed: int | None = None  # None: a new draw each session

    def plan_options(self, now: datetime) -> PlanOptions:
        seed = self.seed if self.seed is not None else int(now.timestamp())
        return PlanOptions(self.minutes, seed, self.sections, self.weakest_first)


class Recorder:
    """Keeps one session in the store: opened at the start, each answer saved when given or rated."""

    def __init__(self, store: SessionStore, options: SessionOptions, clock: Callable[[], datetime],
                 lab_titles: Mapping[str, str] | None = None):
        self.store = store
        self.options = options
        self.clock = clock
        self.lab_titles = dict(lab_titles or {})  # lab id -> title, for the report's "study next"
        self.session_id: int | None = None
        self._lock = threading.Lock()  # answers may be saved from several worker threads

    def open(self, started_at: datetime) -> int:
        o = self.options
        self.session_id = self.store.open(started_at, o.minutes, o.mode, o.sections, o.affects_schedule)
        return self.session_id

    def save(self, record: AnswerRecord) -> None:
        with self._lock:
            self.store.save(self.session_id, record)

    def finish(self, engine: InterviewEngine) -> Report:
        o = self.options
        meta = SessionMeta(o.minutes, o.mode, o.affects_schedule, o.sections, engine.started_at,
                           engine.finished_at or self.clock(), self.session_id, self.lab_titles)
        report = build_report(engine.answers, meta)
        with self._lock:
            self.store.finish(self.session_id, engine.answers, report.to_json(), self.clock())
        return report
