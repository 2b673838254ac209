"""The report's figures from a known set of answers, and the store: answers, report, Again reviews, history."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from studyapp.interview import AnswerRecord, Question, build_report
from studyapp.interview.report import SessionMeta
from studyapp.service import interview as service
from studyapp.store import interviews
from tests.conftest import T0


def record(pos, note, section, topic, kind, allowed, used, coverage, rating, missed=(), card=None, lab=None,
           timed_out=False, skipped=False):
    question = Question(note, section, topic, kind, allowed, f"{note}?", "ref", ("p1", "p2"), card_id=card, lab=lab)
    return AnswerRecord(pos, question, answer="…", seconds_used=used, coverage=coverage, self_rating=rating,
                        missed=tuple(missed), timed_out=timed_out, skipped=skipped)


def known_answers(cards=(1, 2, 3, 4)):
    return [
        record(1, "lora", "微调", "peft", "free", 180, 120, 1.0, 4, card=cards[0]),               # 1.0
        record(2, "qlora", "微调", "peft", "lab", 240, 240, 0.5, 1, ["分页优化器"], cards[1], "lora",
               timed_out=True),                                                                 # 0.375
        record(3, "memory", "显存", "memory", "numeric", 150, 60, 0.0, None, ["14 GB"], cards[2]),  # 0.0
        record(4, "zero", "显存", "memory", "free", 180, 30, 0.0, 0, ["分片", "offload"], cards[3],
               skipped=True),                                                                   # 0.0
    ]


def test_the_reports_figures_follow_from_the_answers():
    data = build_report(known_answers(), SessionMeta(15, "practice", labs={"lora": "LoRA lab"})).to_json()
    assert data["score"] == pytest.approx((1.0 + 0.375 + 0 + 0) / 4, abs=1e-4)
    assert data["coverage"] == pytest.approx(0.375)
    assert data["by_section"] == {"微调": {"score": pytest.approx(0.6875), "questions": 2},
                                  "显存": {"score": 0.0, "questions": 2}}
    assert data["by_topic"]["peft"]["score"] == pytest.approx(0.6875)
    assert [q["seconds_used"] for q in data["questions"]] == [120, 240, 60, 30]
    assert data["seconds_used"] == 450 and data["seconds_allowed"] == 750
    assert data["missed_key_points"] == [{"note": "qlora", "question": "qlora?", "points": ["分页优化器"]},
                                         {"note": "memory", "question": "memory?", "points": ["14 GB"]},
                                         {"note": "zero", "question": "zero?", "points": ["分片", "offload"]}]
    assert [c["note"] for c in data["next"]["cards"]] == ["memory", "zero", "qlora"]  # weakest first
    assert data["next"]["labs"] == [{"lab": "lora", "title": "LoRA lab", "note": "qlora", "question": "qlora?"}]
    assert data["again"] == [2, 3, 4]
    md = build_report(known_answers(), SessionMeta(15, "practice")).to_markdown()
    assert "38%" in md and "| 微调 | 69% | 2 |" in md and "timed out" in md and "don't know" in md


def test_dont_affect_my_schedule_empties_the_again_list():
    data = build_report(known_answers(), SessionMeta(15, "pressure", affects_schedule=False)).to_json()
    assert data["again"] == [] and data["next"]["cards"]


def _finish(collection, affects, now=T0):
    cards = [c for c in collection.cards() if c.kind == "basic"][:4]
    ids = [c.id for c in cards]
    answers = known_answers(ids)
    for answer, card in zip(answers, cards):
        answer.question = replace(answer.question, note=card.slug)
    session = interviews.start_session(collection, now - timedelta(minutes=15), 15, "practice", [], affects)
    sessions = service.CollectionSessions(collection)
    for a in answers[:2]:
        sessions.save(session, a)
    report = build_report(answers, SessionMeta(15, "practice", affects, session_id=session))
    again = sessions.finish(session, answers, report.to_json(), now)
    return session, ids, again


def test_a_finished_session_is_stored_and_bad_answers_become_due_soon(collection):
    session, ids, again = _finish(collection, affects=True)
    assert again == ids[1:]
    for card_id in ids[1:]:
        card = collection.card(card_id, T0)
        assert card.due <= T0 + timedelta(days=1) and card.reps == 1
    assert collection.card(ids[0], T0).reps == 0
    from sqlalchemy import select

    from studyapp.store.models import InterviewAnswer, ReviewLog

    with collection.transaction() as s:
        assert s.scalars(select(ReviewLog.source)).all() == ["interview"] * 3
        rows = s.scalars(select(InterviewAnswer).where(InterviewAnswer.session_id == session)
                         .order_by(InterviewAnswer.position)).all()
        assert [r.position for r in rows] == [1, 2, 3, 4]
        assert rows[1].timed_out and rows[3].skipped and rows[0].self_rating == 4
    data = interviews.load_report(collection)
    assert data["session"] == session and data["score"] == pytest.approx(0.34375, abs=1e-4)
    assert interviews.load_report(collection, session) == data
    # the past answers now weigh in the next plan
    cands = {c.card_id: c for c in service.candidates(collection, T0)}
    assert [cands[i].last_interview_score for i in ids] == [1.0, 0.375, 0.0, 0.0]


def test_dont_affect_my_schedule_leaves_the_cards_alone(collection):
    _, ids, again = _finish(collection, affects=False)
    assert again == [] and all(collection.card(i, T0).reps == 0 for i in ids)


def test_no_sessions_and_unknown_ids_say_so(collection):
    with pytest.raises(interviews.NoInterviews, match="no interview sessions yet"):
        interviews.load_report(collection)
    _finish(collection, affects=True)
    with pytest.raises(interviews.NoInterviews):
        interviews.load_report(collection, 999)


def test_history_lists_finished_sessions_with_their_section_scores(collection):
    _finish(collection, affects=False, now=T0 - timedelta(days=2))
    _finish(collection, affects=False, now=T0)
    interviews.start_session(collection, T0, 15, "pressure", [], True)  # never finished: not in the history
    past = interviews.history(collection)
    assert len(past) == 2 and past[0].started_at < past[1].started_at
    assert past[0].by_section == {"微调": pytest.approx(0.6875), "显存": 0.0}


def test_the_markdown_report_names_questions_and_gives_model_answers_without_slugs(collection):
    """A real session on the bundled deck: no slug, card id or ** reaches the learner."""
    from studyapp.interview import ManualClock, Phase

    plan = service.make_plan(collection, service.SessionOptions(minutes=15, seed=3), T0)
    clock = ManualClock(T0)
    engine = service.new_engine(plan, "pressure", clock)
    engine.start()
    while engine.phase is Phase.ASKING:
        clock.advance(100)
        engine.submit("我记得大概和显存有关")  # weak everywhere: every question gets its model answer
    while engine.phase is Phase.RATING:
        engine.rate(1)
    data = build_report(engine.answers, SessionMeta(15, "pressure")).to_json()
    md = build_report(engine.answers, SessionMeta(15, "pressure")).to_markdown()
    slugs = {n.slug for n in collection.notes()}
    cards = {str(c.id) for c in collection.cards()}
    for slug in slugs:
        assert slug not in md
    assert "**" not in md and "card " not in md
    assert all(f"card {i}" not in md for i in cards)
    assert "## Model answers" in md and "## Study next" in md and "Key points:" in md
    for row in data["questions"]:
        assert row["prompt"].split("\n")[0][:20] in md  # each question by its text
    assert any(row["probe_of"] for row in data["questions"])  # the weak answers were probed
    rlhf_rm = next((row for row in data["questions"] if row["note"] == "rlhf-rm-339b6a"), None)
    if rlhf_rm:  # the repair is the model answer where there is one
        assert "代理" in rlhf_rm["model_answer"]["text"] and "**" not in rlhf_rm["model_answer"]["text"]
