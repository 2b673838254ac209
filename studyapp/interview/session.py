"""A session from plan to stored report, for the CLI and the TUI: store calls only through
studyapp.interview.storage; every call here blocks (the TUI runs them in thread workers)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from studyapp.store import interviews as store

from . import storage
from .engine import InterviewEngine
from .labs import lab_titles
from .model import AnswerRecord, Plan, PlanOptions
from .plan import build_plan
from .report import Report, SessionMeta, build_report


@dataclass(frozen=True)
class SessionOptions:
    minutes: int = 15
    mode: str = "practice"
    sections: tuple[str, ...] = ()
    weakest_first: bool = False
    affects_schedule: bool = True
    seed: int | None = None  # None: a new draw each session


def make_plan(collection, options: SessionOptions, now: datetime) -> Plan:
    seed = options.seed if options.seed is not None else int(now.timestamp())
    plan_options = PlanOptions(options.minutes, seed, options.sections, options.weakest_first)
    return build_plan(storage.candidates(collection, now), plan_options)


def sections(collection) -> list[str]:
    return sorted({c.section for c in collection.cards() if not c.suspended})


class Recorder:
    """Keeps one session in the store: opened at the start, each answer saved when given or rated."""

    def __init__(self, collection, options: SessionOptions, clock: Callable[[], datetime]):
        self.collection = collection
        self.options = options
        self.clock = clock
        self.session_id: int | None = None
        self._lock = threading.Lock()  # answers may be saved from several worker threads

    def open(self, started_at: datetime) -> int:
        o = self.options
        self.session_id = store.start_session(self.collection, started_at, o.minutes, o.mode, o.sections,
                                              o.affects_schedule)
        return self.session_id

    def save(self, record: AnswerRecord) -> None:
        with self._lock:
            storage.save_answer(self.collection, self.session_id, record)

    def finish(self, engine: InterviewEngine) -> Report:
        o = self.options
        meta = SessionMeta(o.minutes, o.mode, o.affects_schedule, o.sections, engine.started_at,
                           engine.finished_at or self.clock(), self.session_id, lab_titles())
        report = build_report(engine.answers, meta)
        with self._lock:
            storage.finish_session(self.collection, self.session_id, engine.answers, report, self.clock())
        return report
