"""Interview sessions: selection, timing, scoring, reports (pure Python: no Textual, no database).

It imports no other feature (quiz, labrunner) and no store: what it needs from them is named in
`ports.py` and passed in; studyapp.service.interview wires them (that is what the CLI and the TUI call).

    plan = build_plan(candidates.candidates(rows, past, labs), PlanOptions(minutes=15, seed=7), bank)
    engine = InterviewEngine(plan, "practice", clock, bank)   # clock() -> aware datetime
    engine.start(); engine.set_draft("…"); engine.submit(); engine.rate(3); engine.advance()
    report = build_report(engine.answers, meta)
"""
from .clock import ManualClock
from .engine import InterviewEngine, Phase
from .model import AnswerRecord, Candidate, Plan, PlanOptions, Question
from .plan import build_plan
from .ports import Estimate, QuestionBank, SessionStore
from .report import Report, build_report

__all__ = [
    "AnswerRecord", "Candidate", "Estimate", "InterviewEngine", "ManualClock", "Phase", "Plan", "PlanOptions",
    "Question", "QuestionBank", "Report", "SessionStore", "build_plan", "build_report",
]
