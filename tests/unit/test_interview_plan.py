"""The plan: length, determinism, a numeric and a lab question, spread, and weighting towards weakness."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from studyapp.deck.model import Note
from studyapp.interview import Candidate, PlanOptions, build_plan
from studyapp.interview.weakness import weakness
from studyapp.service import interview as service
from studyapp.service.interview import SessionOptions, make_plan
from studyapp.service.interview_bank import QuizBank
from tests.conftest import T0

NO_REPAIRS = QuizBank(repairs={})  # made-up notes: their own bold phrases are the key points


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    from studyapp.store.collection import Collection

    col = Collection.open(tmp_path_factory.mktemp("plan") / "home")
    yield col
    col.close()


@pytest.mark.parametrize("minutes", [15, 30, 45])
def test_seconds_add_up_to_the_length(bundled, minutes):
    plan = make_plan(bundled, SessionOptions(minutes=minutes, seed=1), T0)
    assert abs(plan.seconds - minutes * 60) <= 0.1 * minutes * 60
    assert len({q.note for q in plan.questions}) == len(plan.questions)  # no note twice


def test_same_seed_same_plan_and_another_seed_another(bundled):
    a = make_plan(bundled, SessionOptions(minutes=30, seed=5), T0).to_json()
    assert make_plan(bundled, SessionOptions(minutes=30, seed=5), T0).to_json() == a
    others = [make_plan(bundled, SessionOptions(minutes=30, seed=s), T0).to_json() for s in range(6, 10)]
    assert any(o["questions"] != a["questions"] for o in others)


@pytest.mark.parametrize("seed", range(5))
def test_a_numeric_and_a_lab_question_are_always_there(bundled, seed):
    plan = make_plan(bundled, SessionOptions(minutes=15, seed=seed), T0)
    types = Counter(q.type for q in plan.questions)
    assert types["numeric"] >= 1 and types["lab"] == 1
    lab = next(q for q in plan.questions if q.type == "lab")
    assert lab.lab and "实验" in lab.prompt and lab.key_points
    numeric = next(q for q in plan.questions if q.type == "numeric")
    assert numeric.numeric["formula"] and numeric.numeric["answer"] > 0


def test_a_one_section_deck_is_spread_over_topics(bundled):
    plan = make_plan(bundled, SessionOptions(minutes=30, seed=2), T0)
    topics = Counter(q.topic for q in plan.questions)
    assert len(topics) >= 6
    assert max(topics.values()) <= 3
    # neighbours rarely share a topic: the spread halves a topic's next draw each time it is used
    same = sum(a.topic == b.topic for a, b in zip(plan.questions, plan.questions[1:]))
    assert same <= 2


def _note(slug, section, line, parent=None):
    answer = f"要点是 **{slug} 第一点** 和 **{slug} 第二点** 以及 **{slug} 第三点**。"
    return Note(slug, f"{slug} 是什么？", answer, section, line, "child" if parent else "qa", parent)


def test_several_sections_spread_over_sections():
    cands = [Candidate(_note(f"{sec}-{i}", sec, 10 * k + i), k * 10 + i)
             for k, sec in enumerate(("微调", "显存", "采样")) for i in range(6)]
    plan = build_plan(cands, PlanOptions(minutes=15, seed=3), NO_REPAIRS)
    sections = Counter(q.section for q in plan.questions)
    assert set(sections) == {"微调", "显存", "采样"}
    assert max(sections.values()) - min(sections.values()) <= 1
    only = build_plan(cands, PlanOptions(minutes=15, seed=3, sections=("显存",)), NO_REPAIRS)
    assert {q.section for q in only.questions} == {"显存"}


def test_weakness_counts_retrievability_lapses_new_cards_and_past_interviews():
    note = _note("x", "s", 1)
    strong = Candidate(note, 1, "review", retrievability=0.95)
    assert weakness(Candidate(note, 1, "review", retrievability=0.3)) > weakness(strong)
    assert weakness(Candidate(note, 1, "new")) > weakness(strong)
    assert weakness(Candidate(note, 1, "review", 0.95, recent_lapses=2)) > weakness(strong)
    assert weakness(Candidate(note, 1, "review", 0.95, last_interview_score=0.1)) > weakness(
        Candidate(note, 1, "review", 0.95, last_interview_score=0.9))


@pytest.fixture
def weak_collection(collection):
    """Every card learnt well a day ago, except four that keep being forgotten."""
    cards = {c.slug: c for c in collection.cards() if c.kind == "basic"}
    weak = ["lora-bc5745", "rlhf-rm-339b6a", "tokenizer-ce4671", "context-length-5e4c02"]
    for slug, card in cards.items():
        for days in (30, 20, 10):
            collection.rate(card.id, 4, T0 - timedelta(days=days))
        if slug in weak:
            for hours in (50, 26, 2):
                collection.rate(card.id, 1, T0 - timedelta(hours=hours))
    return collection, weak


def test_weak_cards_are_drawn_far_more_often(weak_collection):
    collection, weak = weak_collection
    cands = {c.slug: c for c in service.candidates(collection, T0)}
    assert all(cands[slug].recent_lapses >= 1 for slug in weak)
    drawn = Counter()
    for seed in range(12):
        plan = make_plan(collection, SessionOptions(minutes=15, seed=seed), T0)
        drawn.update(q.note for q in plan.questions if q.type == "free")
    per_weak = sum(drawn[s] for s in weak) / len(weak)
    strong = [s for s in cands if s not in weak]
    per_strong = sum(drawn[s] for s in strong) / len(strong)
    assert per_weak > 3 * per_strong
    first = make_plan(collection, SessionOptions(minutes=15, seed=0, weakest_first=True), T0)
    asked = list(dict.fromkeys(q.note for q in first.questions))  # distinct notes, in the order asked
    assert set(asked[:len(weak)]) == set(weak)  # the weak notes first (as free-text or lab questions)
    assert [q.weakness for q in first.questions] == sorted((q.weakness for q in first.questions), reverse=True)


def test_followups_come_from_the_same_family():
    parent = _note("cot", "s", 1)
    kids = [_note("cot--sc", "s", 2, "cot"), _note("cot--ltm", "s", 3, "cot")]
    others = [_note(f"o{i}", "s", 10 + i) for i in range(3)]
    cands = [Candidate(n, i) for i, n in enumerate([parent, *kids, *others])]
    plan = build_plan(cands, PlanOptions(minutes=6, seed=1, weakest_first=True), NO_REPAIRS)
    cot = next(q for q in plan.questions if q.note in ("cot", "cot--sc", "cot--ltm"))
    family = [q.note for q in plan.followups[cot.note]]
    assert set(family[:2]) == {"cot", "cot--sc", "cot--ltm"} - {cot.note}


def test_a_card_just_failed_weighs_at_least_as_much_as_a_new_one():
    note = _note("x", "s", 1)
    failed = Candidate(note, 1, "relearning", retrievability=0.99, recent_lapses=1)
    assert weakness(failed) >= weakness(Candidate(note, 1, "new"))


@pytest.mark.parametrize("failed", ["gpt-bert-51bf02", "p-tuning-v2-c5c518"])  # a small topic, a crowded one
def test_a_card_rated_again_is_planned_at_least_as_often_as_a_new_card(collection, failed):
    """Over 40 seeds of 15-minute plans, one card answered Again an hour ago against the never-reviewed."""
    card = next(c for c in collection.cards() if c.kind == "basic" and c.slug == failed)
    collection.rate(card.id, 1, T0 - timedelta(hours=1))
    drawn = Counter()
    for seed in range(40):
        plan = make_plan(collection, SessionOptions(minutes=15, seed=seed), T0)
        drawn.update({q.note for q in plan.questions})
    never = [c.slug for c in service.candidates(collection, T0) if c.state == "new" and c.slug != failed]
    average_new = sum(drawn[s] for s in never) / len(never)
    assert drawn[failed] >= average_new


def test_a_sixty_minute_plan_asks_about_at_least_ten_notes(bundled):
    plan = make_plan(bundled, SessionOptions(minutes=60, seed=4), T0)
    assert len({q.note for q in plan.questions}) >= 10
    assert abs(plan.seconds - 3600) <= 360
    # and more in reserve, for a learner who answers faster than planned, of every kind
    assert len({q.note for q in plan.reserve} - {q.note for q in plan.questions}) >= 10
    assert {q.type for q in plan.reserve} == {"free", "numeric", "lab"}


def test_every_note_of_the_bundled_deck_can_be_asked(bundled):
    """Every note has key points: none is left out of the draw for want of something to grade."""
    plan = make_plan(bundled, SessionOptions(minutes=180, seed=1), T0)
    asked = {q.note for q in plan.questions + plan.reserve}
    assert asked == {c.slug for c in bundled.cards() if c.kind == "basic"}


@pytest.mark.parametrize(("slug", "topic"), [
    ("rlhf-rl-sft-e2b92c", "rlhf"),  # names 显存占用 too, but it is about the RLHF process
    ("lora-502e3d", "peft"),  # LoRA first, 显存 second
    ("context-length-5e4c02", "memory"),
    ("fda38b--gradients-2f2dde", "memory"),  # a child takes its parent's topic
    ("bfa9a5", "大模型的幻觉问题"),  # no family: its question, never a slug
])
def test_a_note_is_filed_under_the_subject_its_question_names_first(bundled, slug, topic):
    from studyapp.interview.topics import topic_of

    notes = {n.slug: n for n in bundled.notes()}
    assert topic_of(notes[slug], notes) == topic
