"""The session engine over a manual clock: countdowns, time-outs, "I don't know", both modes, follow-ups."""
from __future__ import annotations

import pytest

from studyapp.interview import InterviewEngine, ManualClock, Phase, Plan, Question
from studyapp.interview.engine import InterviewError
from studyapp.service.interview_bank import bundled_bank

BANK = bundled_bank()  # the quiz's graders

POINTS = ("低秩|low rank", "冻结|frozen", "显存|memory")


def q(note, seconds=60, kind="free", topic="peft", followup_of=None):
    numeric = None
    if kind == "numeric":
        numeric = {"answer": 14e9, "formula": "inference_memory", "params": {"params": 7e9, "bytes_per_param": 2},
                   "tolerance": 0.02, "unit": "bytes"}
    return Question(note, "微调", topic, kind, seconds, f"{note}?", "参考答案", POINTS if kind != "numeric" else (),
                    card_id=hash(note) % 100, numeric=numeric, followup_of=followup_of)


def plan(*questions, followups=None):
    return Plan(tuple(questions), minutes=sum(x.seconds for x in questions) // 60, seed=0, followups=followups or {})


GOOD = "LoRA 用低秩矩阵，冻结原权重，所以省显存"


def test_practice_mode_shows_feedback_and_takes_a_self_rating():
    clock = ManualClock()
    engine = InterviewEngine(plan(q("a"), q("b")), "practice", clock, BANK)
    engine.start()
    assert engine.phase is Phase.ASKING and engine.current.question.note == "a"
    clock.advance(20)
    assert engine.question_remaining() == 40 and engine.session_remaining() == 100
    record = engine.submit("LoRA 冻结原权重")
    assert engine.phase is Phase.FEEDBACK and engine.current is record
    assert record.found == ("冻结",) and set(record.missed) == {"低秩", "显存"}
    assert record.seconds_used == 20 and record.coverage == pytest.approx(1 / 3)
    clock.advance(300)  # reading the reference does not use the session's time
    assert engine.session_remaining() == 100
    engine.rate(2)
    assert record.self_rating == 2 and record.score == pytest.approx((1 / 3 + 0.5) / 2)
    probe = engine.current.question  # a weak answer is probed before moving on
    assert engine.phase is Phase.ASKING and probe.probe_of == "a" and "低秩" in probe.prompt
    engine.submit("低秩：把更新写成两个小矩阵的乘积")
    assert engine.current.coverage == 1.0
    engine.rate(3)
    assert engine.phase is Phase.ASKING and engine.current.question.note == "b"
    engine.dont_know()
    assert engine.current.skipped and engine.current.coverage == 0
    engine.rate(0)
    assert engine.phase is Phase.DONE


def test_a_timed_out_question_keeps_its_partial_answer():
    clock = ManualClock()
    engine = InterviewEngine(plan(q("a", 60), q("b", 60)), "pressure", clock, BANK)
    engine.start()
    engine.set_draft("LoRA 用低秩")
    clock.advance(59)
    assert engine.tick() is None
    clock.advance(5)
    record = engine.tick()
    assert record.timed_out and record.answer == "LoRA 用低秩" and record.seconds_used == 60
    assert record.found == ("低秩",)
    probe = engine.current.question  # the partial answer is probed on what it missed first
    assert probe.probe_of == "a" and "冻结" in probe.prompt and probe.key_points == ("冻结|frozen",)
    assert engine.session_remaining() == 60
    engine.dont_know()
    assert engine.current.question.note == "b" and engine.question_remaining() == 60


def test_pressure_mode_shows_nothing_until_the_end_then_rates_each_answer():
    clock = ManualClock()
    seen = []
    engine = InterviewEngine(plan(q("a"), q("n", 90, "numeric"), q("c")), "pressure", clock, BANK,
                             on_answer=lambda r: seen.append((r.position, r.self_rating)))
    engine.start()
    engine.submit(GOOD)
    assert engine.phase is Phase.ASKING  # straight to the next question: no feedback
    clock.advance(30)
    numeric = engine.submit("14 GB")
    assert numeric.coverage == 1.0 and numeric.expected
    engine.dont_know()
    assert engine.phase is Phase.RATING and engine.current.position == 1
    for rating in (1, 4, 0):
        engine.rate(rating)
    assert engine.phase is Phase.DONE
    assert [r.self_rating for r in engine.answers] == [1, 4, 0]
    assert seen[-3:] == [(1, 1), (2, 4), (3, 0)]
    with pytest.raises(InterviewError):
        engine.rate(3)


def test_the_session_countdown_counts_answering_time_and_stop_ends_early():
    clock = ManualClock()
    engine = InterviewEngine(plan(q("a", 60), q("b", 60), q("c", 60)), "pressure", clock, BANK)
    engine.start()
    clock.advance(50)
    engine.submit("")
    clock.advance(75)  # b runs out at 60 s: the time-out records 60, not 75
    engine.tick()
    assert engine.session_remaining() == 180 - 50 - 60
    clock.advance(10)
    assert engine.session_remaining() == 60 and engine.question_remaining() == 50
    engine.set_draft("半句")
    engine.stop()
    assert engine.phase is Phase.RATING and len(engine.answers) == 3 and engine.answers[-1].answer == "半句"


def test_a_good_answer_brings_a_follow_up_from_the_family_in_the_last_free_slot():
    clock = ManualClock()
    family = (q("cot--sc", followup_of="cot"), q("cot--ltm", followup_of="cot"))
    engine = InterviewEngine(plan(q("cot", 60), q("x", 70), q("n", 80, "numeric"), q("y", 90), followups={"cot": family}),
                             "pressure", clock, BANK)
    engine.start()
    engine.submit(GOOD)
    assert engine.current.question.note == "cot--sc" and engine.current.question.seconds == 90
    assert [p.note for p in engine.pending] == ["x", "n"]  # y gave its slot; the numeric stays
    engine.submit(GOOD)  # good again: the chain goes on (CoT -> 自洽性 -> LtM)
    assert engine.current.question.note == "cot--ltm" and engine.current.question.seconds == 70
    assert engine.total_questions == 4 and sum(r.question.seconds for r in engine.answers) + sum(
        p.seconds for p in engine.pending) == 60 + 90 + 70 + 80


def test_a_weak_answer_brings_a_probe_not_a_follow_up():
    engine = InterviewEngine(plan(q("cot"), q("y"), followups={"cot": (q("cot--sc"),)}), "pressure", ManualClock(), BANK)
    engine.start()
    engine.submit("大概是省显存吧")
    probe = engine.current.question
    assert probe.note == "cot" and probe.probe_of == "cot" and "低秩" in probe.prompt and probe.seconds == 90
    engine.submit("还是不清楚")  # a probe is never probed again
    assert engine.current.question.note == "y"


def test_a_weak_answer_with_nothing_missed_is_asked_why():
    from studyapp.interview.probes import probe_for

    why = probe_for(q("cot"), missed=())
    assert why.prompt.startswith("追问：为什么") and why.key_points == POINTS and why.probe_of == "cot"


def test_i_dont_know_and_an_empty_answer_are_not_probed():
    engine = InterviewEngine(plan(q("a"), q("b"), q("c")), "pressure", ManualClock(), BANK)
    engine.start()
    engine.dont_know()
    assert engine.current.question.note == "b"
    engine.submit("   ")
    assert engine.current.question.note == "c"


def test_the_session_asks_from_the_reserve_until_its_time_is_spent():
    """A fast learner is not sent home after a minute: the reserve fills the session's time."""
    clock = ManualClock()
    reserve = tuple(q(f"r{i}", 180) for i in range(20)) + (q("n", 150, "numeric"),)
    engine = InterviewEngine(Plan((q("a", 300), q("b", 300), q("c", 300)), 15, 0, reserve=reserve), "pressure", clock, BANK)
    engine.start()
    while engine.phase is Phase.ASKING:
        clock.advance(40)
        engine.submit(GOOD)
    asked = [r.question.note for r in engine.answers]
    assert len(asked) == len(set(asked)) >= 20  # 900 s at 40 s an answer, no note twice
    assert engine.session_remaining() < 45
    assert all(r.question.seconds <= 180 for r in engine.answers[3:])


def test_unknown_mode_and_misuse_are_refused():
    with pytest.raises(ValueError):
        InterviewEngine(plan(q("a")), "relaxed", ManualClock(), BANK)
    engine = InterviewEngine(plan(q("a")), "practice", ManualClock(), BANK)
    with pytest.raises(InterviewError):
        engine.submit("x")
    engine.start()
    engine.submit("x")
    with pytest.raises(ValueError):
        engine.rate(7)
