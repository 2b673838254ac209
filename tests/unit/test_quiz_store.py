"""Quiz answers are stored and move the source card's schedule, unless the quiz is practice."""
from __future__ import annotations

from sqlalchemy import select

from studyapp.quiz import generate_quiz, grade
from studyapp.store.models import Card, Note, QuizAttempt, ReviewLog
from tests.conftest import T0


def basic_card(col, slug):
    with col.transaction() as s:
        return s.scalar(select(Card).join(Note).where(Note.slug == slug, Card.kind == "basic"))


def logs(col, source="quiz"):
    with col.transaction() as s:
        return s.scalars(select(ReviewLog).where(ReviewLog.source == source)).all()


def numeric_item(col):
    return next(i for i in generate_quiz(col.notes(), count=20, seed=1, types=["numeric"]))


def test_a_wrong_answer_reviews_the_card_as_again(collection):
    item = numeric_item(collection)
    quiz = collection.start_quiz(seed=1)
    attempt = collection.record_quiz_answer(quiz, item, grade(item, "1"), "1", T0)
    [log] = logs(collection)
    assert log.rating == 1 and log.card_id == basic_card(collection, item.note).id
    with collection.transaction() as s:
        stored = s.get(QuizAttempt, attempt)
        assert (stored.correct, stored.item_type, stored.response) == (False, "numeric", "1")


def test_a_right_answer_reviews_the_card_as_good(collection):
    item = numeric_item(collection)
    quiz = collection.start_quiz(seed=1)
    collection.record_quiz_answer(quiz, item, grade(item, str(item.answer)), str(item.answer), T0)
    assert [log.rating for log in logs(collection)] == [3]


def test_practice_does_not_touch_the_schedule(collection):
    item = numeric_item(collection)
    quiz = collection.start_quiz(seed=1, practice=True)
    collection.record_quiz_answer(quiz, item, grade(item, "1"), "1", T0)
    assert logs(collection) == []
    assert basic_card(collection, item.note).state == 0


def test_the_learners_override_is_recorded_and_redoes_the_review(collection):
    item = next(i for i in generate_quiz(collection.notes(), count=30, seed=2, types=["free"]))
    quiz = collection.start_quiz(seed=2)
    result = grade(item, "我不知道")
    assert not result.correct
    attempt = collection.record_quiz_answer(quiz, item, result, "我不知道", T0)
    collection.override_quiz_answer(attempt, True)
    with collection.transaction() as s:
        stored = s.get(QuizAttempt, attempt)
        assert stored.override is True and stored.correct is True
    assert [log.rating for log in logs(collection)] == [3]


def test_cloze_cards_are_scheduled_cards_of_their_note(collection):
    clozes = [c for c in collection.cards() if c.kind == "cloze"]
    assert len(clozes) >= 5
    assert all("[…]" in c.question and "{{c1::" not in c.question for c in clozes)
    summary = collection.import_bundled()
    assert summary.added == 0 and summary.unchanged == summary.notes
    assert len([c for c in collection.cards() if c.kind == "cloze"]) == len(clozes)
    result = collection.rate(clozes[0].id, 3, T0)
    assert result.state == "learning"


def test_a_card_of_the_bundled_deck_carries_its_repair_beside_the_original(collection):
    lora = next(c for c in collection.cards() if c.slug == "lora-bc5745")
    view = collection.card(lora.id)
    assert view.repair and "BA" in view.repair
    assert "某个参数矩阵为，那么" in view.answer  # the user's text is left as written
    other = next(c for c in collection.cards() if c.slug == "gpt-bert-51bf02")
    assert collection.card(other.id).repair is None


def test_stats_count_every_correct_answer_not_just_one(collection):
    """SUM over a Boolean column came back as True (1): a 7/10 quiz showed 5/10 across types."""
    from studyapp.quiz import QuizItem
    from studyapp.quiz.items import Grade

    quiz = collection.start_quiz(seed=1, practice=True)
    slug = collection.notes()[0].slug
    for i in range(10):
        item = QuizItem("cloze", slug, f"prompt {i}", "x")
        right = i < 7
        collection.record_quiz_answer(quiz, item, Grade(right, float(right), "x", "r"), "r", T0)
    assert collection.quiz_summary(30, T0) == {"cloze": {"answers": 10, "correct": 7, "overridden": 0}}
