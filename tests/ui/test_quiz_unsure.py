"""The "unsure" path of a free-text item: the feedback says the grader is unsure, asks the learner to judge
against the reference with r / w, and the learner's verdict is stored (and the card's review follows it)."""
from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import TextArea

from studyapp.grading import keys_for
from studyapp.store.collection import Collection
from tests.ui.conftest import screen_text, settle
from tests.ui.test_quiz_screens import open_setup


@pytest.fixture
def bundled(tmp_path):
    collection = Collection.open(tmp_path / "home")
    yield collection
    collection.close()


def unsure_answer(slug: str) -> str:
    """Every idea of the note, then one of its known misconceptions: full coverage and a false claim."""
    keys = keys_for(slug)
    return "，".join(idea.text for idea in keys.ideas) + "。" + keys.misconceptions[0].claim + "。"


def rows(collection, sql: str) -> list[tuple]:
    with sqlite3.connect(collection.db_path) as db:
        return db.execute(sql).fetchall()


async def test_an_unsure_verdict_asks_the_learner_and_stores_their_judgement(bundled, app_for):
    app = app_for(bundled)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await open_setup(pilot, count=5, types=("free",), seed=7)
        judged = []
        for key, verdict in (("r", True), ("w", False)):
            item = screen.current
            screen.query_one("#qz-text", TextArea).insert(unsure_answer(item.note))
            await pilot.press("ctrl+s")
            await settle(pilot)
            grade = screen.results[-1].grade
            assert grade.verdict == "unsure" and grade.contradicted and not grade.correct
            text = screen_text(app)
            assert "The grader is unsure" in text
            assert "Judge your answer against the reference" in text and "r = I was right" in text
            assert "Contradicts the facts" in text
            assert "I was right" in text and "I was wrong" in text  # both keys offered in the key bar
            await pilot.press(key)
            await settle(pilot)
            assert screen.results[-1].grade.override is verdict
            assert ("Right" if verdict else "Wrong") in screen_text(app)
            assert "The grader is unsure" not in screen_text(app)
            judged.append((item.note, verdict))
            await pilot.press("enter")
            await settle(pilot)

    attempts = rows(bundled, "SELECT note_slug, correct, override FROM quiz_attempt ORDER BY id")
    assert attempts == [(note, int(v), int(v)) for note, v in judged]
    ratings = rows(bundled, "SELECT rating FROM review_log WHERE source = 'quiz' ORDER BY id")
    assert [r for (r,) in ratings] == [3, 1]  # "I was right" turned the Again into a Good


async def test_with_feedback_at_the_end_the_result_screen_asks_for_the_judgement(bundled, app_for):
    from studyapp.tui.screens.quiz_result import QuizResultScreen

    app = app_for(bundled)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await open_setup(pilot, count=5, feedback="end", types=("free",), seed=3)
        note = screen.current.note
        screen.query_one("#qz-text", TextArea).insert(unsure_answer(note))
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # end the quiz after one answer
        await settle(pilot)
        assert isinstance(app.screen, QuizResultScreen)
        text = screen_text(app)
        assert "? 1." in text and "The grader is unsure" in text and "r = I was right" in text
        await pilot.press("w")
        await settle(pilot)
        assert "✗ 1." in screen_text(app) and "The grader is unsure" not in screen_text(app)
    assert rows(bundled, "SELECT note_slug, correct, override FROM quiz_attempt") == [(note, 0, 0)]
