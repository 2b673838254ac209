"""Interview sessions: selection, timing, scoring, reports (pure Python: no Textual, no database).

    from studyapp.interview import build_plan, InterviewEngine, build_report
    plan = build_plan(candidates, PlanOptions(minutes=15, seed=7))   # from interview.storage.candidates
    engine = InterviewEngine(plan, mode="practice", clock=clock)     # clock() -> aware datetime
    engine.start(); engine.set_draft("…"); engine.submit(); engine.rate(3); engine.advance()
    report = build_report(engine.answers, meta)
"""
from .clock import ManualClock
from .engine import InterviewEngine, Phase
from .model import AnswerRecord, Candidate, Plan, PlanOptions, Question
from .plan import build_plan
from .report import Report, build_report

__all__ = [
    "AnswerRecord", "Candidate", "InterviewEngine", "ManualClock", "Phase", "Plan", "PlanOptions", "Question",
    "Report", "build_plan", "build_report",
]
