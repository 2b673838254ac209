"""How the app starts: on Home or straight on review, with the start screen's data read ahead of Textual;
the one-line key bar and title bar that replace Textual's Footer and Header."""
from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

from studyapp.store import stats
from studyapp.tui.first_data import start_reading
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from tests.ui.conftest import T0, make_collection, screen_text, settle
from tests.ui.test_review import review_rows

REPO = Path(__file__).resolve().parents[2]


async def test_review_start_shows_the_first_card_and_q_leads_home(col, app_for):
    first = col.next_card(T0)
    app = app_for(col, start="review")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "ReviewScreen" and len(app.screen_stack) == 1
        assert screen.step.card.id == first.id
        await pilot.press("space", "3")
        await settle(pilot)
        assert [(r.card_id, r.rating) for r in review_rows(col)] == [(first.id, 3)]
        await pilot.press("q")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.screen.data.summary == stats.today(col, T0)  # one answer given: the counts show it
        await pilot.press("q")  # and Home quits
        await pilot.pause()
    assert app.return_code == 0


async def test_data_read_ahead_is_on_the_first_frame(col, app_for):
    ahead = start_reading(col, "home", T0)
    ahead.result(timeout=10)
    app = app_for(col, first_data=ahead)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.data is not None and screen.data.summary == stats.today(col, T0)
        assert "Due" in screen_text(app)
        assert app.take_first_data("home") is None  # handed out once


async def test_a_review_read_ahead_is_the_card_shown(col, app_for):
    ahead = start_reading(col, "review", T0)
    step = ahead.result(timeout=10)
    app = app_for(col, start="review", first_data=ahead)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.screen.step is step and not app.screen.busy


async def test_a_failed_read_ahead_is_reported_and_the_app_runs_on(col, app_for):
    failed: Future = Future()
    failed.set_exception(RuntimeError("disk unplugged"))
    app = app_for(col, first_data=failed)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert any("disk unplugged" in n.message for n in app._notifications)
        await pilot.press("r")  # the rest of the app still works
        await settle(pilot)
        assert app.screen.step.card is not None


async def test_a_click_on_a_key_of_the_key_bar_presses_it(col, app_for):
    app = app_for(col)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        shown = {display: description for _key, display, description, _enabled in bar.keys()}
        assert shown["r"] == "Review" and shown["b"] == "Browse" and shown["^p"] == "palette"
        start = next(start for start, _end, key, _enabled in bar._spans if key == "b")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "BrowseScreen"
        assert "/ Search" in screen_text(app).splitlines()[-1]  # the bar follows the screen's keys


async def test_the_key_bar_speaks_the_interface_language(tmp_path, app_for):
    from studyapp.store.settings import Settings

    collection = make_collection(tmp_path / "zh")
    collection.save_settings(Settings(language="zh"))
    async with app_for(collection).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert "r 复习" in screen_text(pilot.app).splitlines()[-1]
    collection.close()


async def test_the_title_bar_names_the_screen_and_its_icon_opens_the_palette(col, app_for):
    app = app_for(col)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert screen_text(app).splitlines()[0].split() == ["⭘", "studyapp", "—", "Home"]
        await pilot.press("s")
        await settle(pilot)
        assert screen_text(app).splitlines()[0].split() == ["⭘", "studyapp", "—", "Stats"]
        await pilot.click(TitleBar, offset=(1, 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "CommandPalette"


STUDY_LOOP = """
import json, sys
from studyapp.commands.tui import build_app

app, collection = build_app(type("Args", (), {"home": sys.argv[1]})(), sys.argv[2])

async def pilot(p):
    for _ in range(200):
        await p.pause(0.02)
        if type(app.screen).__name__ == "HomeScreen" and app.screen.data is not None:
            await p.press("r")
        screen = app.screen
        if type(screen).__name__ == "ReviewScreen" and screen.step is not None and not screen.busy:
            break
    await p.press("space", "3")
    for _ in range(200):
        await p.pause(0.02)
        if app.screen.answered == 1 and not app.screen.busy:
            break
    print(json.dumps({"answered": app.screen.answered,
                      "loaded": sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic"})}))
    app.exit()

app.run(headless=True, size=(100, 32), auto_pilot=pilot)
collection.close()
"""


def test_the_study_loop_never_loads_sqlalchemy(tmp_path):
    """Home, the review screen and an answer run on plain sqlite3: SQLAlchemy (slower to import than a bare
    Textual app takes to start) stays out of the process."""
    make_collection(tmp_path / "home").close()
    for start in ("home", "review"):
        out = subprocess.run([sys.executable, "-c", STUDY_LOOP, str(tmp_path / "home"), start], cwd=REPO,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr[-2000:]
        assert json.loads(out.stdout.strip().splitlines()[-1]) == {"answered": 1, "loaded": []}
    collection = make_collection(tmp_path / "home")  # opened again: the two answers are there
    assert len(review_rows(collection)) == 2
    collection.close()


def test_studyapp_review_is_the_review_start():
    from studyapp.cli import HANDLERS, build_parser

    args = build_parser().parse_args(["review", "--home", "/tmp/x"])
    assert args.command == "review" and HANDLERS["review"] == "tui:run_review"


async def test_studyapp_review_reads_its_stylesheet_with_the_apps(col, app_for):
    """Read at start-up, not when the screen is made: no second parse of every stylesheet before the first card."""
    app = app_for(col, start="review")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        review_css = str(app.css_path[-1])
        assert review_css.endswith("review.tcss") and app.stylesheet.has_source(review_css, "")
        assert type(app.screen).__name__ == "ReviewScreen"
        assert app.screen.query_one("#ratings").styles.dock == "bottom"  # review.tcss applies


def frames_of(app) -> list[str]:
    """Record, for each frame the app hands to its driver, what the screen holds: 'data' once Home has its counts
    or Review its card, else 'empty'; a Review frame also notes its rating buttons."""
    from textual.widgets import Button

    frames: list[str] = []
    display = app._display

    def frame(screen, renderable):
        display(screen, renderable)
        if renderable is None:
            return
        shown = getattr(screen, "data", None) is not None or getattr(screen, "step", None) is not None
        frames.append(("data" if shown else "empty") + f" buttons={len(screen.query(Button))}")

    app._display = frame
    return frames


async def test_home_warms_the_review_path_after_its_counts_are_drawn(col, app_for, monkeypatch):
    from studyapp.tui.screens import home as home_module

    app = app_for(col)
    frames = frames_of(app)
    drawn_when_warmed = []
    monkeypatch.setattr(home_module, "warm_review", lambda collection, now, labs: drawn_when_warmed.append(list(frames)))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
    assert len(drawn_when_warmed) == 1 and any(f.startswith("data") for f in drawn_when_warmed[0])


async def test_review_draws_its_first_card_before_making_the_rating_buttons(col, app_for):
    ahead = start_reading(col, "review", T0)  # as `studyapp review` does: the card is there for the first frame
    ahead.result(timeout=10)
    app = app_for(col, start="review", first_data=ahead)
    frames = frames_of(app)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        first_card = next(f for f in frames if f.startswith("data"))
        assert first_card == "data buttons=0"
        from textual.widgets import Button

        labels = [str(app.screen.query_one(f"#rate-{n}", Button).label) for n in range(1, 5)]
        assert labels[0].startswith("1 Again") and all(label.count("·") == 1 for label in labels), labels
        await pilot.press("space", "3")  # and they work
        await settle(pilot)
        assert app.screen.answered == 1


async def test_the_collector_paused_for_the_start_resumes_after_the_first_frame(col, app_for):
    import gc

    from studyapp.tui import first_data

    first_data.pause_collector()
    try:
        assert not gc.isenabled()
        app = app_for(col)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            assert gc.isenabled()
        first_data.resume_collector()  # a second call changes nothing
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


async def test_review_start_with_nothing_due_shows_the_summary_in_its_first_frame(tmp_path, app_for):
    """The summary is made after the first frame like the buttons, unless it is what the first frame shows."""
    collection = make_collection(tmp_path / "none", notes=())
    ahead = start_reading(collection, "review", T0)
    assert ahead.result(timeout=10).card is None
    app = app_for(collection, start="review", first_data=ahead)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert "Nothing is due right now" in screen_text(app)
        await settle(pilot)
        assert len(app.screen.query("#summary Static")) == 3 and len(app.screen.query("#ratings Button")) == 4
    collection.close()
