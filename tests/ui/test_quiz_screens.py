"""Short quizzes on the real app over the bundled deck, driven by keys, checked in the database afterwards."""
from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Checkbox, RadioButton, SelectionList, TextArea

from studyapp.quiz import TYPES, format_quantity
from studyapp.service.collection import open_collection
from studyapp.tui.screens.quiz_result import QuizResultScreen
from studyapp.tui.screens.quiz_run import QuizRunScreen
from studyapp.tui.screens.quiz_setup import QuizSetupScreen
from tests.ui.conftest import T0, screen_text, settle


@pytest.fixture
def bundled(tmp_path):
    collection = open_collection(tmp_path / "home")  # imports the bundled deck with its repairs
    yield collection
    collection.close()


def rows(collection, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(collection.db_path) as db:
        return db.execute(sql, args).fetchall()


def quiz_reviews(collection) -> list[tuple]:
    return rows(collection, "SELECT card_id, rating FROM review_log WHERE source = 'quiz' ORDER BY id")


async def open_setup(pilot, count=5, feedback="each", practice=False, types=None, seed=7) -> QuizRunScreen:
    await settle(pilot)
    await pilot.press("z")
    await settle(pilot)
    setup = pilot.app.screen
    assert isinstance(setup, QuizSetupScreen)
    setup.defaults = type(setup.defaults)(seed=seed)
    setup.query_one(f"#qz-count-{count}", RadioButton).value = True
    setup.query_one(f"#qz-feedback-{feedback}", RadioButton).value = True
    setup.query_one("#qz-practice", Checkbox).value = practice
    if types is not None:
        kinds = setup.query_one("#qz-types", SelectionList)
        kinds.deselect_all()
        for kind in types:
            kinds.select(kind)
    await pilot.press("ctrl+s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, QuizRunScreen)
    return screen


async def answer(pilot, screen: QuizRunScreen, right: bool) -> None:
    """Answer the current item with the keys and boxes a learner would use."""
    item = screen.current
    if item.type == "choice":
        index = item.options.index(item.answer)
        if right:
            await pilot.press(str(index + 1))
        else:
            await pilot.press("abcd"[(index + 1) % len(item.options)])
    elif item.type == "truefalse":
        await pilot.press(("t" if item.answer else "f") if right else ("n" if item.answer else "y"))
    elif item.type == "numeric":
        typed = format_quantity(item.answer, item.unit) if right else f"{item.answer * 3:.3g}"
        await pilot.press(*typed, "enter")
    else:
        if right:
            text = item.answer if item.type == "cloze" else "，".join(p.split("|")[0] for p in item.key_points)
        else:
            text = "不知道"
        screen.query_one("#qz-text", TextArea).insert(text)
        await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_quiz_of_every_kind_reviews_each_note(bundled, app_for):
    app = app_for(bundled)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_setup(pilot)
        assert sorted(item.type for item in screen.items) == sorted(TYPES)  # one of each, taken in turn
        expected = []
        for position in range(5):
            right = position % 2 == 0
            item = screen.current
            await answer(pilot, screen, right)
            assert screen.phase == "feedback"
            assert screen.results[-1].correct is right, (item.type, screen.results[-1].grade)
            text = screen_text(app)
            assert ("Right" if right else "Wrong") in text
            if item.type == "numeric":  # as a person reads it, not in base units
                assert format_quantity(item.answer, item.unit) in text
            if item.type == "free" and not right:
                assert "Key points missed" in text
            expected.append(right)
            await pilot.press("enter")
            await settle(pilot)
        result = app.screen
        assert isinstance(result, QuizResultScreen)
        assert "Quiz 1: 3 / 5 right (60%)" in screen_text(app)

    attempts = rows(bundled, "SELECT item_type, correct, override FROM quiz_attempt ORDER BY id")
    assert [bool(correct) for _, correct, _ in attempts] == expected
    assert {kind for kind, _, _ in attempts} == set(TYPES)
    assert all(override is None for _, _, override in attempts)
    # every answer reviewed its note's card: wrong -> Again (1), right -> Good (3)
    assert [rating for _, rating in quiz_reviews(bundled)] == [3 if right else 1 for right in expected]
    assert rows(bundled, "SELECT practice, finished_at IS NOT NULL FROM quiz_session") == [(0, 1)]


async def test_practice_with_feedback_at_the_end_leaves_the_schedule(bundled, app_for):
    before = rows(bundled, "SELECT count(*) FROM review_log")
    app = app_for(bundled)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_setup(pilot, feedback="end", practice=True, types=("choice", "truefalse"), seed=3)
        for _ in range(5):
            await answer(pilot, screen, right=False)
            if isinstance(app.screen, QuizRunScreen):
                assert screen.phase == "asking"  # no verdict before the end
        result = app.screen
        assert isinstance(result, QuizResultScreen)
        assert "0 / 5 right" in screen_text(app) and "schedule was not changed" in screen_text(app)
        # the verdicts are seen here first; the learner disagrees with the second one
        await pilot.press("down")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert "1 / 5 right" in screen_text(app)
        await pilot.press("q")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"

    assert rows(bundled, "SELECT count(*) FROM review_log") == before
    assert rows(bundled, "SELECT practice FROM quiz_session") == [(1,)]
    attempts = rows(bundled, "SELECT correct, override FROM quiz_attempt ORDER BY id")
    assert attempts == [(0, None), (1, 1), (0, None), (0, None), (0, None)]


async def test_overriding_a_wrong_numeric_answer_redoes_the_review(bundled, app_for):
    app = app_for(bundled)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_setup(pilot, types=("numeric",), seed=11)
        item = screen.current
        await pilot.press(*"lots", "enter")  # not a number: asked again, nothing stored
        await settle(pilot)
        assert screen.phase == "asking" and not screen.results
        screen.query_one("#qz-numeric").value = ""
        await answer(pilot, screen, right=False)
        assert not screen.results[-1].correct
        assert "I was right" in screen_text(app)
        assert quiz_reviews(bundled)[-1][1] == 1
        await pilot.press("o")
        await settle(pilot)
        assert screen.results[-1].correct and "your verdict" in screen_text(app)
        await pilot.press("escape")  # end early: the score of what was answered
        await settle(pilot)
        assert isinstance(app.screen, QuizResultScreen)
        assert "1 / 1 right" in screen_text(app)

    assert rows(bundled, "SELECT note_slug, correct, override FROM quiz_attempt") == [(item.note, 1, 1)]
    reviews = quiz_reviews(bundled)
    assert [rating for _, rating in reviews] == [3]  # the Again was taken back and a Good recorded
    assert rows(bundled, "SELECT finished_at IS NOT NULL FROM quiz_session") == [(1,)]


async def test_chinese_interface_and_stats(bundled, app_for):
    from studyapp.store.settings import Settings

    bundled.save_settings(Settings(language="zh"))
    app = app_for(bundled)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_setup(pilot, types=("free",), seed=5)
        assert "第 1 / 5 题 · 简答" in screen_text(app)
        await answer(pilot, screen, right=True)
        assert "答对了" in screen_text(app) and "答到的要点" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("end")  # the quiz panel is the last one
        await settle(pilot)
        text = screen_text(app)
        assert "测验（30 天）" in text and "简答" in text and "1 (100%)" in text
    assert bundled.quiz_summary(30, T0) == {"free": {"answers": 1, "correct": 1, "overridden": 0}}
