"""One app factory: `create_app(collection, start=...)` opens the app on Home, Review, any screen of SCREENS
or a given screen (over Home, so q goes back there), for the CLI, the interview and the tests alike."""
from __future__ import annotations

import pytest

from studyapp.tui.app import SCREENS
from tests.ui.conftest import settle


@pytest.mark.parametrize(("start", "shown", "under"), [
    ("home", "HomeScreen", []),
    ("review", "ReviewScreen", []),
    ("interview", "InterviewSetupScreen", ["HomeScreen"]),
    ("stats", "StatsScreen", ["HomeScreen"]),
])
async def test_the_app_starts_on_the_screen_asked_for(col, app_for, start, shown, under):
    app = app_for(col, start=start)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert [type(s).__name__ for s in app.screen_stack] == [*under, shown]
        if under:
            await pilot.press("escape")
            await settle(pilot)
            assert type(app.screen).__name__ == "HomeScreen"


def test_an_unknown_start_screen_is_refused(col, app_for):
    with pytest.raises(ValueError, match="start must be one of"):
        app_for(col, start="nowhere")
    assert "interview" in SCREENS
