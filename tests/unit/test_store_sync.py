"""Re-importing an edited document keeps history: edits update, rewordings match, removals retire."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from studyapp.service.collection import open_collection
from studyapp.store.models import Card, Note, ReviewLog
from tests.conftest import T0
from tests.unit.deckmaker import deck, note

SOURCE = "/docs/test.md"


@pytest.fixture
def col(home):
    c = open_collection(home, import_bundled=False)
    yield c
    c.close()


def card_of(col, question_fragment):
    with col.transaction() as s:
        return s.scalar(select(Card.id).join(Note).where(Note.question.contains(question_fragment)))


def test_first_import_adds_every_note_with_one_new_card(col):
    summary = col.import_decks([(deck(note("什么是LoRA？"), note("What is BPE?"), note("bf16 vs fp16")), SOURCE)], T0)
    assert (summary.added, summary.updated, summary.unchanged, summary.retired) == (3, 0, 0, 0)
    with col.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Card).where(Card.state == 0)) == 3


def test_unchanged_reimport_changes_nothing(col):
    d = deck(note("A?"), note("B?"))
    col.import_decks([(d, SOURCE)], T0)
    summary = col.import_decks([(d, SOURCE)], T0)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 2)


def test_edited_answer_updates_the_note_and_keeps_its_card(col):
    col.import_decks([(deck(note("A?", "old answer")), SOURCE)], T0)
    card = card_of(col, "A?")
    col.rate(card, 3, T0)
    summary = col.import_decks([(deck(note("A?", "new answer")), SOURCE)], T0)
    assert summary.updated == 1
    view = col.card(card, T0)
    assert view.answer == "new answer" and view.state != "new"


def test_reworded_question_keeps_the_history(col):
    col.import_decks([(deck(note("解决显存不够的方法有哪些？")), SOURCE)], T0)
    card = card_of(col, "显存")
    col.rate(card, 3, T0)
    summary = col.import_decks([(deck(note("解决显存不够的方法都有哪些？")), SOURCE)], T0)
    assert (summary.added, summary.updated, summary.retired) == (0, 1, 0)
    assert card_of(col, "都有哪些") == card
    with col.transaction() as s:
        assert s.scalar(select(func.count()).select_from(ReviewLog).where(ReviewLog.card_id == card)) == 1


def test_a_new_topic_is_not_mistaken_for_a_rewording(col):
    col.import_decks([(deck(note("Lora的原理")), SOURCE)], T0)
    summary = col.import_decks([(deck(note("大模型的幻觉问题")), SOURCE)], T0)
    assert (summary.added, summary.retired) == (1, 1)


def test_removed_note_is_retired_not_deleted_and_comes_back(col):
    col.import_decks([(deck(note("A?"), note("B?")), SOURCE)], T0)
    b = card_of(col, "B?")
    col.rate(b, 3, T0)
    summary = col.import_decks([(deck(note("A?")), SOURCE)], T0)
    assert summary.retired == 1
    view = col.card(b, T0)
    assert view.suspended and "retired" in view.tags
    with col.transaction() as s:
        assert s.scalar(select(func.count()).select_from(ReviewLog).where(ReviewLog.card_id == b)) == 1
    col.import_decks([(deck(note("A?"), note("B?")), SOURCE)], T0)
    view = col.card(b, T0)
    assert not view.suspended and "retired" not in view.tags


def test_a_card_the_learner_suspended_stays_suspended_after_retire_and_revive(col):
    col.import_decks([(deck(note("A?"), note("B?")), SOURCE)], T0)
    b = card_of(col, "B?")
    col.suspend(b)
    col.import_decks([(deck(note("A?")), SOURCE)], T0)
    col.import_decks([(deck(note("A?"), note("B?")), SOURCE)], T0)
    assert col.card(b, T0).suspended


def test_two_documents_keep_their_notes_apart(col):
    col.import_decks([(deck(note("A?"), note("B?")), "/docs/one.md"), (deck(note("A?"), note("C?"), note("D?")),
                                                                       "/docs/two.md")], T0)
    with col.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Note)) == 5


def test_a_moved_or_copied_document_updates_its_notes(col):
    first = col.import_decks([(deck(note("A?"), note("B?"), note("C?")), "/docs/old.md")], T0)
    col.rate(next(v.id for v in col.cards() if v.question == "A?"), 3, T0)
    moved = col.import_decks([(deck(note("A?", "edited"), note("B?"), note("C?")), "/elsewhere/new.md")], T0)
    assert first.added == 3 and moved.added == 0 and moved.updated == 1
    assert moved.warnings and "/docs/old.md" in moved.warnings[0] and "--as-new-deck" in moved.warnings[0]
    with col.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Note)) == 3
    assert next(v for v in col.cards() if v.question == "A?").state != "new"  # history kept


def test_as_new_deck_keeps_a_copy_apart(col):
    col.import_decks([(deck(note("A?"), note("B?")), "/docs/old.md")], T0)
    copy = col.import_decks([(deck(note("A?"), note("B?")), "/docs/copy.md")], T0, as_new_deck=True)
    assert copy.added == 2 and not copy.warnings


def test_a_failing_import_leaves_the_collection_untouched(col, monkeypatch):
    col.import_decks([(deck(note("A?")), SOURCE)], T0)
    from studyapp.store import sync as sync_module

    calls = []

    def flaky(session, parsed, source, now, as_new_deck=False, **options):
        calls.append(source)
        if len(calls) == 2:
            raise RuntimeError("disk went away")
        return real(session, parsed, source, now, as_new_deck, **options)

    real = sync_module.sync_deck
    monkeypatch.setattr(sync_module, "sync_deck", flaky)
    with pytest.raises(RuntimeError):
        col.import_decks([(deck(note("A?"), note("C?")), SOURCE), (deck(note("Z?")), "/docs/other.md")], T0)
    with col.transaction() as s:
        assert s.scalars(select(Note.question).order_by(Note.id)).all() == ["A?"]


def cloze_rows(col):
    with col.transaction() as s:
        return s.execute(
            select(Card.id, Card.back, Card.suspended).where(Card.kind == "cloze").order_by(Card.id)
        ).all()


def test_cloze_cards_follow_their_bold_phrases_across_edits(col):
    answer = "LoRA 冻结原模型，只训练 **低秩矩阵 A 和 B**，显存因此大幅下降，训练也更快。"
    col.import_decks([(deck(note("LoRA 为什么省显存？", answer)), SOURCE)], T0)
    [(first_id, phrase, suspended)] = cloze_rows(col)
    assert phrase == "低秩矩阵 A 和 B" and not suspended
    col.rate(first_id, 3, T0)

    edited = answer.replace("**低秩矩阵 A 和 B**", "**两个低秩矩阵**")
    col.import_decks([(deck(note("LoRA 为什么省显存？", edited)), SOURCE)], T0)
    rows = {row.back: row for row in cloze_rows(col)}
    assert rows["低秩矩阵 A 和 B"].suspended and not rows["两个低秩矩阵"].suspended
    assert "retired" in col.card(first_id, T0).tags and col.card(first_id, T0).reps == 1

    col.import_decks([(deck(note("LoRA 为什么省显存？", answer)), SOURCE)], T0)
    revived = col.card(first_id, T0)
    assert not revived.suspended and revived.reps == 1


def test_the_store_keeps_the_clozes_its_finder_finds_and_knows_no_finder_of_its_own(home):
    """The deletions come from the finder the collection was opened with (the service hands the quiz's); the
    store derives none itself, and asks only for the families whose text changed."""
    from dataclasses import dataclass

    from studyapp.store.collection import Collection

    @dataclass(frozen=True)
    class Found:
        note_slug: str
        text: str
        answer: str

        @property
        def key(self) -> str:
            return f"{self.note_slug}::cloze-{self.answer.encode().hex()[:8]}"

    asked = []

    def finder(notes):
        asked.append([n.slug for n in notes])
        return [Found(n.slug, f"{{{{c1::{n.question[:1]}}}}}{n.question[1:]}", n.question[:1]) for n in notes]

    answer = "LoRA 冻结原模型，只训练 **低秩矩阵 A 和 B**，显存因此大幅下降，训练也更快。"
    with Collection.open(home / "bare", import_bundled=False) as bare:
        bare.import_decks([(deck(note("LoRA 为什么省显存？", answer)), SOURCE)], T0)
        assert cloze_rows(bare) == []
    with Collection.open(home / "own", import_bundled=False, find_clozes=finder) as own:
        own.import_decks([(deck(note("Alpha?"), note("Beta?")), SOURCE)], T0)
        assert [row.back for row in cloze_rows(own)] == ["A", "B"]
        own.import_decks([(deck(note("Alpha?"), note("Beta?", "edited")), SOURCE)], T0)
        assert len(asked) == 2 and len(asked[1]) == 1  # only the edited note's family is derived again
