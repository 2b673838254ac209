"""Answers, undo, siblings, leeches and the one-transaction rule."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from studyapp.service.collection import open_collection
from studyapp.srs import policy
from studyapp.store import reviews
from studyapp.store.models import Card, Note, ReviewLog, UndoEntry
from tests.conftest import T0
from tests.unit.deckmaker import deck, note


@pytest.fixture
def col(home):
    c = open_collection(home, import_bundled=False)
    c.import_decks([(deck(note("Parent?"), note("Child one", parent="Parent?"), note("Child two", parent="Parent?"),
                          note("Other?")), "/docs/t.md")], T0)
    yield c
    c.close()


def ids(col):
    with col.transaction() as s:
        return dict(s.execute(select(Note.question, Card.id).join(Card)).all())


def log_count(col, card_id=None):
    with col.transaction() as s:
        q = select(func.count()).select_from(ReviewLog)
        if card_id is not None:
            q = q.where(ReviewLog.card_id == card_id)
        return s.scalar(q)


def test_rating_writes_the_log_row_and_the_new_state(col):
    card = ids(col)["Other?"]
    result = col.rate(card, 3, T0)
    assert result.state == "learning" and result.due == T0 + timedelta(minutes=10)
    assert log_count(col, card) == 1
    view = col.card(card, T0)
    assert view.reps == 1 and view.stability is not None


def test_undo_restores_the_card_and_removes_its_log_row(col):
    card = ids(col)["Other?"]
    col.rate(card, 3, T0)
    before = col.card(card, T0 + timedelta(minutes=11))
    col.rate(card, 3, T0 + timedelta(minutes=11))
    undone = col.undo()
    assert undone.card_id == card and undone.rating == "good"
    after = col.card(card, T0 + timedelta(minutes=11))
    assert (after.state, after.due, after.stability, after.reps) == (before.state, before.due, before.stability, before.reps)
    assert log_count(col, card) == 1


def test_undo_goes_back_thirty_answers_and_no_further(col):
    card = ids(col)["Other?"]
    for i in range(policy.UNDO_DEPTH + 5):
        col.rate(card, 3, T0 + timedelta(days=i))
    undone = 0
    while col.undo() is not None:
        undone += 1
    assert undone == policy.UNDO_DEPTH
    assert log_count(col, card) == 5


def test_answering_one_family_member_buries_its_siblings_until_tomorrow(col):
    cards = ids(col)
    col.rate(cards["Child one"], 3, T0)
    parent = col.card(cards["Parent?"], T0)
    with col.transaction() as s:
        buried = {c.id: c.buried_until for c in s.scalars(select(Card))}
    assert buried[cards["Parent?"]] is not None and buried[cards["Child two"]] is not None
    assert buried[cards["Other?"]] is None
    assert parent.state == "new"
    next_ids = set()
    now = T0 + timedelta(seconds=1)
    while (nxt := col.next_card(now)) is not None and nxt.id not in next_ids:
        next_ids.add(nxt.id)
        col.rate(nxt.id, 4, now)
    assert cards["Child two"] not in next_ids and cards["Parent?"] not in next_ids


def test_undo_unburies_the_siblings(col):
    cards = ids(col)
    col.rate(cards["Child one"], 3, T0)
    col.undo()
    with col.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Card).where(Card.buried_until.is_not(None))) == 0


def test_eight_lapses_make_a_leech_suspended_and_tagged(col):
    card = ids(col)["Other?"]
    now = T0
    col.rate(card, 4, now)  # straight to review
    lapses = 0
    while lapses < policy.LEECH_LAPSES:
        view = col.card(card, now)
        now = max(now, view.due) + timedelta(minutes=1)
        if view.state == "review":
            lapses += 1
            result = col.rate(card, 1, now)
        else:
            result = col.rate(card, 4, now)
    assert result.leech and result.lapses == policy.LEECH_LAPSES
    view = col.card(card, now)
    assert view.suspended and "leech" in view.tags


def test_a_review_is_written_wholly_or_not_at_all(col, monkeypatch):
    card = ids(col)["Child one"]

    def broken(*args, **kwargs):
        raise RuntimeError("crash in the middle of the answer")

    monkeypatch.setattr(reviews, "_bury_siblings", broken)
    with pytest.raises(RuntimeError):
        col.rate(card, 3, T0)
    assert log_count(col) == 0
    assert col.card(card, T0).state == "new"
    with col.transaction() as s:
        assert s.scalar(select(func.count()).select_from(UndoEntry)) == 0


def test_unknown_card_is_a_clear_error(col):
    with pytest.raises(reviews.UnknownCard, match="no card with id 999"):
        col.rate(999, 3, T0)


def test_suspend_bury_and_reset(col):
    card = ids(col)["Other?"]
    col.suspend(card)
    assert col.card(card, T0).suspended
    col.suspend(card, False)
    col.bury(card, T0)
    assert col.next_card(T0).id != card
    col.rate(card, 3, T0)
    col.reset(card, T0)
    view = col.card(card, T0)
    assert view.state == "new" and view.stability is None and log_count(col, card) == 1


def test_answering_a_card_buries_the_other_cards_of_its_note(home):
    c = open_collection(home, import_bundled=False)
    answer = "LoRA 冻结原模型，只训练 **低秩矩阵 A 和 B**，显存因此大幅下降。"
    c.import_decks([(deck(note("LoRA 为什么省显存？", answer)), "/docs/l.md")], T0)
    with c.transaction() as s:
        cards = dict(s.execute(select(Card.kind, Card.id)).all())
    c.rate(cards["basic"], 3, T0)
    with c.transaction() as s:
        assert s.get(Card, cards["cloze"]).buried_until is not None
    c.close()
