"""Whole short interviews on the screens, in each mode, over a clock the test moves (no real waiting)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from textual.widgets import Checkbox, RadioButton, TextArea

from studyapp.interview import ManualClock, Phase
from studyapp.interview.session import SessionOptions
from studyapp.store import interviews
from studyapp.store.collection import Collection
from studyapp.tui.app import create_app
from studyapp.tui.screens.interview_history import InterviewHistoryScreen, series
from studyapp.tui.screens.interview_question import InterviewQuestionScreen
from studyapp.tui.screens.interview_report import InterviewReportScreen
from studyapp.tui.screens.interview_setup import InterviewSetupScreen

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def Host(first):  # noqa: N802 - reads as the app it makes
    """The study app opened on `first` (Home underneath), as `studyapp interview` opens it."""
    return create_app(first.collection, start=first, lock_retry_delay=0.05)


@pytest.fixture(scope="module")
def bundled_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("iv") / "home"
    Collection.open(home).close()  # import the bundled deck once
    return home


@pytest.fixture
def col(bundled_home, tmp_path):
    import shutil

    home = tmp_path / "home"
    shutil.copytree(bundled_home, home)
    collection = Collection.open(home)
    yield collection
    collection.close()


async def settle(pilot, rounds: int = 5) -> None:
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def start(pilot, mode: str, no_schedule: bool = False) -> InterviewQuestionScreen:
    await settle(pilot)
    setup = pilot.app.screen
    assert isinstance(setup, InterviewSetupScreen)
    setup.query_one(f"#iv-mode-{mode}", RadioButton).value = True
    setup.query_one("#iv-len-15", RadioButton).value = True
    setup.query_one("#iv-no-schedule", Checkbox).value = no_schedule
    await pilot.press("ctrl+s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, InterviewQuestionScreen)
    return screen


def answer_for(screen) -> str:
    q = screen.engine.current.question
    if q.type == "numeric":
        return "1 GB"
    return "，".join(p.split("|")[0] for p in q.key_points)  # a full answer, in Chinese


async def test_a_practice_session_from_setup_to_report(col):
    clock = ManualClock(T0)
    app = Host(InterviewSetupScreen(col, clock, SessionOptions(seed=11)))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start(pilot, "practice")
        engine = screen.engine
        total = engine.total_questions
        assert total >= 4
        assert "15:00" in str(screen.query_one("#iv-session-clock").render())
        clock.advance(40)
        screen.refresh_clock()
        assert "14:20" in str(screen.query_one("#iv-session-clock").render())

        # 1: a full answer in Chinese, typed into the box, then rated
        screen.query_one(TextArea).insert(answer_for(screen))
        await pilot.press("ctrl+n")
        assert engine.phase is Phase.FEEDBACK and screen.query_one("#iv-feedback").display
        shown = str(screen.query_one("#iv-reference").render())
        assert "Reference" in shown and "Key points" in shown and "**" not in shown  # plain text, not Markdown
        assert not screen.query_one(TextArea).display
        await pilot.press("4")
        # 2: "I don't know"
        await pilot.press("ctrl+g")
        assert engine.answers[1].skipped
        await pilot.press("0")
        # 3: the time runs out with half an answer written
        screen.query_one(TextArea).insert("只写了一半")
        clock.advance(engine.current.question.seconds + 1)
        screen.refresh_clock()
        timed = engine.answers[2]
        assert timed.timed_out and timed.answer == "只写了一半"
        assert "Time is up" in str(screen.query_one("#iv-notice").render())
        await pilot.press("enter")  # no self-rating
        # the rest: answered, rated 3
        while engine.phase is Phase.ASKING:
            screen.query_one(TextArea).insert(answer_for(screen))
            clock.advance(30)
            await pilot.press("ctrl+n")
            await pilot.press("3")
        await settle(pilot)
        report = app.screen
        assert isinstance(report, InterviewReportScreen)
        data = report.data
        assert len(data["questions"]) == len(engine.answers)
        assert data["questions"][2]["timed_out"] and data["questions"][2]["answer"] == "只写了一半"
        assert data["questions"][0]["self_rating"] == 4 and data["questions"][1]["skipped"]
        assert "Interview" in str(report.query_one("#iv-report-title").render())
        table = report.query_one("#iv-questions")
        cells = [str(cell) for r in range(table.row_count) for cell in table.get_row_at(r)]
        readable = "\n".join(cells + [str(report.query_one(f"#{w}").render()) for w in ("iv-missed", "iv-next")])
        for note in col.notes():
            assert note.slug not in readable
        assert engine.answers[0].question.prompt.split("\n")[0][:12] in readable  # questions by their text
    stored = interviews.load_report(col)
    assert stored["score"] == data["score"] and stored["mode"] == "practice"
    # the "I don't know" card was made due again, from the interview
    assert engine.answers[1].question.card_id in stored["again"]


async def test_a_pressure_session_shows_nothing_until_the_end(col):
    clock = ManualClock(T0)
    app = Host(InterviewSetupScreen(col, clock, SessionOptions(seed=4)))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start(pilot, "pressure", no_schedule=True)
        engine = screen.engine
        asked = 0
        while engine.phase is Phase.ASKING:
            screen.query_one(TextArea).insert("我觉得是低秩")
            clock.advance(20)
            await pilot.press("ctrl+n")
            asked += 1
            if engine.phase is Phase.ASKING:
                assert not screen.query_one("#iv-feedback").display  # nothing shown between questions
                assert screen.query_one(TextArea).text == ""
        assert engine.phase is Phase.RATING and screen.query_one("#iv-feedback").display
        assert "1 / " in str(screen.query_one("#iv-progress").render())
        for _ in range(asked):
            await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, InterviewReportScreen)
        assert all(q["self_rating"] == 2 for q in app.screen.data["questions"])
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, InterviewHistoryScreen) and len(app.screen.history) == 1
    data = interviews.load_report(col)
    assert data["again"] == [] and data["affects_schedule"] is False
    assert all(c.reps == 0 for c in col.cards())  # "don't affect my schedule"


async def test_the_report_screen_without_sessions_says_so(col):
    app = Host(InterviewReportScreen(col, ManualClock(T0)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "No interview sessions yet" in str(app.screen.query_one("#iv-report-title").render())


def test_history_series_by_section_or_topic():
    from studyapp.store.interviews import SessionSummary

    one = [SessionSummary(1, T0, 15, "practice", 0.5, {"A": 0.5}, {"peft": 0.4, "memory": 0.6})]
    assert series(one) == ("topic", {"peft": [(1, 40.0)], "memory": [(1, 60.0)]})
    two = one + [SessionSummary(2, T0, 15, "practice", 0.5, {"A": 0.7, "B": 0.1}, {})]
    assert series(two) == ("section", {"A": [(1, 50.0), (2, 70.0)], "B": [(2, 10.0)]})


async def test_studyapp_interview_opens_the_study_app_on_the_setup_screen(col):
    app = create_app(col, start=InterviewSetupScreen(defaults=SessionOptions(minutes=30, mode="pressure")),
                     clock=lambda: T0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InterviewSetupScreen)
        assert app.screen.options().minutes == 30 and app.screen.options().mode == "pressure"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"


@pytest.mark.parametrize(("language", "shown"), [("en", "^s Start  esc Back"), ("zh", "^s 开始  esc 返回")])
async def test_the_interview_keys_speak_the_interface_language(col, language, shown):
    app = Host(InterviewSetupScreen(col, lambda: T0))
    app.language = language
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        bottom = "\n".join(strip.text for strip in app.screen._compositor.render_strips()).splitlines()[-1]
        assert bottom.startswith(" " + shown)


async def test_switching_language_keeps_the_setup_choices_and_sections(col):
    from textual.widgets import SelectionList

    app = Host(InterviewSetupScreen(col, lambda: T0))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        setup = app.screen
        sections = setup.query_one("#iv-sections", SelectionList).option_count
        assert sections >= 1
        setup.query_one("#iv-mode-pressure", RadioButton).value = True
        app.set_language("zh")
        await settle(pilot)
        assert app.screen is setup
        assert "模拟面试" in str(setup.query_one(".iv-title").render())
        assert setup.query_one("#iv-sections", SelectionList).option_count == sections
        assert setup.options().mode == "pressure"
