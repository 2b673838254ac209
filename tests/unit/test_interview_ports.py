"""What the interview is handed instead of importing it: the lab index, the card rows, the question bank
and the session store (studyapp.interview.ports), and the service's wiring of the real ones."""
from __future__ import annotations

from dataclasses import dataclass
from random import Random

from studyapp.deck.model import Note
from studyapp.interview import Candidate, Estimate, ManualClock, Phase, PlanOptions, build_plan
from studyapp.interview.candidates import candidates
from studyapp.interview.scoring import Graded
from studyapp.interview.session import Recorder, SessionOptions
from studyapp.service import interview as service
from studyapp.service.interview_bank import QuizBank
from tests.conftest import T0

NO_REPAIRS = QuizBank(repairs={})


@dataclass(frozen=True)
class Lab:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class Row:
    card_id: int
    slug: str
    state: str = "new"
    retrievability: float = 0.0
    recent_lapses: int = 0
    card_kind: str = "basic"
    lab: str | None = None
    section: str = "s"
    line: int = 1
    kind: str = "qa"
    parent_slug: str | None = None

    @property
    def question(self) -> str:
        return f"{self.slug} 是什么？"

    @property
    def answer(self) -> str:
        return f"要点是 **{self.slug} 第一点** 和 **{self.slug} 第二点** 以及 **{self.slug} 第三点**。"


@dataclass(frozen=True)
class Past:
    slug: str
    coverage: float
    self_rating: int | None


def test_the_lab_question_comes_from_the_lab_index_passed_in():
    rows = [Row(i, f"n{i}", line=i) for i in range(8)]
    labs = {"n5": Lab("kv", "KV cache lab", "缓存让每步只算一个新 token。")}
    plan = build_plan(candidates(rows, [], labs), PlanOptions(minutes=15, seed=1), NO_REPAIRS)
    lab = [q for q in plan.questions if q.type == "lab"]
    assert [(q.note, q.lab) for q in lab] == [("n5", "kv")]
    assert "KV cache lab" in lab[0].prompt and lab[0].reference.startswith("缓存让每步只算一个新 token。")
    without = build_plan(candidates(rows, [], {}), PlanOptions(minutes=15, seed=1), NO_REPAIRS)
    assert all(q.type == "free" and q.lab is None for q in without.questions + without.reserve)


def test_a_candidate_keeps_its_weakest_card_and_its_latest_interview_score():
    rows = [Row(1, "a", "review", 0.9), Row(2, "a", "review", 0.4, 2, card_kind="cloze"), Row(3, "b")]
    past = [Past("a", 1.0, 4), Past("b", 0.2, None), Past("a", 0.5, 0)]  # oldest first: the last "a" counts
    by_slug = {c.slug: c for c in candidates(rows, past, {})}
    assert by_slug["a"].card_id == 1 and by_slug["a"].retrievability == 0.4 and by_slug["a"].recent_lapses == 2
    assert by_slug["a"].last_interview_score == 0.25 and by_slug["b"].last_interview_score == 0.2


class CountingBank:
    """A bank of its own: every answer containing 对 is right; it counts what it was asked to grade."""

    def __init__(self):
        self.graded: list[str] = []

    def key_points(self, scope, notes):
        return {n.slug: ("甲", "乙") for n in scope}

    def reference(self, note: Note) -> str:
        return f"参考：{note.slug}"

    def estimates(self, notes, rng: Random):
        return [Estimate(notes[0].slug, "多少？", "42", {"answer": 42})]

    def grade(self, question, text: str) -> Graded:
        self.graded.append(text)
        right = "对" in text
        return Graded(1.0 if right else 0.0, ("甲", "乙") if right else (), () if right else ("甲", "乙"))


def test_the_plan_and_the_engine_ask_and_grade_through_the_bank_passed_in():
    bank = CountingBank()
    cands = [Candidate(Note(f"n{i}", f"n{i}?", "…", "s", i), i) for i in range(6)]
    plan = build_plan(cands, PlanOptions(minutes=10, seed=2), bank)
    numeric = [q for q in plan.questions if q.type == "numeric"]
    assert [q.prompt for q in numeric] == ["多少？"] and numeric[0].numeric == {"answer": 42}
    assert all(q.reference == f"参考：{q.note}" and q.key_points == ("甲", "乙")
               for q in plan.questions if q.type == "free")
    engine = service.new_engine(plan, "pressure", ManualClock(T0), bank=bank)
    engine.start()
    while engine.phase is Phase.ASKING:
        engine.submit("对")  # right for this bank, wrong for the quiz's grader (it names neither 甲 nor 乙)
    assert bank.graded == ["对"] * len(engine.answers)
    assert all(r.coverage == 1.0 and r.found == ("甲", "乙") for r in engine.answers)


def test_an_empty_free_answer_is_not_graded_but_an_empty_estimate_is():
    bank = CountingBank()
    cands = [Candidate(Note(f"n{i}", f"n{i}?", "…", "s", i), i) for i in range(3)]
    plan = build_plan(cands, PlanOptions(minutes=6, seed=0), bank)
    engine = service.new_engine(plan, "pressure", ManualClock(T0), bank=bank)
    engine.start()
    while engine.phase is Phase.ASKING:
        engine.dont_know()
    types = [r.question.type for r in engine.answers]
    assert "numeric" in types and "free" in types
    assert len(bank.graded) == types.count("numeric")  # the free ones cost no grading
    free = next(r for r in engine.answers if r.question.type == "free")
    assert free.coverage == 0.0 and free.missed == ("甲", "乙")


class MemorySessions:
    """A SessionStore in memory: what the recorder hands over, kept as it came."""

    def __init__(self):
        self.opened, self.saved, self.finished = [], [], []

    def open(self, started_at, minutes, mode, sections, affects_schedule):
        self.opened.append((started_at, minutes, mode, tuple(sections), affects_schedule))
        return 7

    def save(self, session_id, record):
        self.saved.append((session_id, record.position, record.answer))

    def finish(self, session_id, answers, report, now):
        self.finished.append((session_id, len(answers), report, now))
        return []


def test_the_recorder_keeps_a_session_in_the_store_it_is_given():
    cands = [Candidate(Note(f"n{i}", f"n{i}?", "…", "s", i), i, lab="kv" if i == 1 else None)
             for i in range(5)]
    bank = CountingBank()
    plan = build_plan(cands, PlanOptions(minutes=8, seed=3), bank)
    sessions, clock = MemorySessions(), ManualClock(T0)
    recorder = Recorder(sessions, SessionOptions(minutes=8, mode="practice", affects_schedule=False), clock,
                        {"kv": "KV 缓存实验"})
    engine = service.new_engine(plan, "practice", clock, on_answer=recorder.save, bank=bank)
    assert recorder.open(T0) == 7 and sessions.opened == [(T0, 8, "practice", (), False)]
    engine.start()
    while engine.phase is not Phase.DONE:
        clock.advance(20)
        if engine.phase is Phase.ASKING:
            engine.submit("错")
        else:
            engine.rate(0)
    report = recorder.finish(engine)
    [(session_id, count, data, now)] = sessions.finished
    assert session_id == 7 and count == len(engine.answers) and now == clock.now
    assert data == report.to_json() and data["session"] == 7 and data["again"] == []
    assert {(7, r.position) for r in engine.answers} <= {(s, p) for s, p, _ in sessions.saved}
    assert [lab["title"] for lab in data["next"]["labs"]] == ["KV 缓存实验"]  # the titles the recorder was given


def test_the_service_plans_with_the_lab_catalogue_or_without_it(collection):
    options = SessionOptions(minutes=15, seed=4)
    with_labs = service.make_plan(collection, options, T0)
    assert [q.type for q in with_labs.questions].count("lab") == 1
    bare = service.make_plan(collection, options, T0, labs={})
    assert all(q.type != "lab" and q.lab is None for q in bare.questions + bare.reserve)


def test_a_child_note_without_a_lab_gets_its_parents_from_the_catalogue(collection):
    by_slug = {c.slug: c for c in service.candidates(collection, T0)}
    child = "fda38b--activations-4e1393"  # the memory question's child about activations: no lab of its own
    assert by_slug[child].note.parent_slug == "fda38b"
    assert by_slug[child].lab == "memory" and by_slug[child].lab_title
    assert service.lab_titles()["memory"] == by_slug[child].lab_title
