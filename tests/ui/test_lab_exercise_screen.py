"""The lab's Exercise screen in the real app: the learner's file in the built-in editor, checks on ctrl+s,
failing checks with expected vs measured and a hint, demos apart, $EDITOR (working, missing), and `L` on a
child card opening its parent's lab.

The fast tests use a runner that grades the saved file itself (is the temperature divided?), so that they
exercise the screen, the store and the file; `test_the_real_lab_grades_the_learners_file` runs the real lab.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.widgets import TextArea

from studyapp.deck.model import Note
from studyapp.labrunner import get_lab
from studyapp.labrunner.lab_result import LabResult, parse
from studyapp.service import study
from studyapp.service.card_labs import CardLabs
from studyapp.tui.screens.lab_exercise import LabExerciseScreen
from tests.ui.conftest import make_collection, screen_text, settle

SIZE = (120, 40)
STUB = 'raise NotImplementedError("exercise.py: apply_temperature")'


def graded_result(lab_id: str, source: str, mode: str) -> LabResult:
    ok = "return logits / temperature" in source
    checks = [
        {"name": "temperature_matches_transformers", "status": "pass" if ok else "fail", "expected": "<= 1e-06",
         "measured": 0.0 if ok else 0.9639, "tolerance": "bound", "message": "T divides the logits",
         "kind": "exercise"},
        {"name": "chi_square_draws", "status": "pass", "expected": ">= 0.001", "measured": 0.31,
         "tolerance": "bound", "message": "sampled frequencies", "kind": "experiment"},
        {"name": "fp16_max_is_65504", "status": "pass", "expected": 65504.0, "measured": 65504.0,
         "tolerance": None, "message": "a constant of the format", "kind": "demo"},
    ]
    return parse({"version": 1, "lab": lab_id, "status": "pass" if ok else "fail", "mode": mode, "device": "cpu",
                  "torch": "test", "started": "2026-03-02T09:00:00+00:00", "seconds": 0.5, "metrics": {},
                  "checks": checks, "message": "" if ok else "failed: temperature_matches_transformers"})


class FileGradingRunner:
    """`run_lab`'s signature; reads the learner's file as the lab process would."""

    def __init__(self):
        self.files: list[str] = []

    def __call__(self, lab_id, device="auto", mode="quick", timeout=None, on_event=None, cancel=None,
                 exercise_file=None):
        source = Path(exercise_file).read_text(encoding="utf-8")
        self.files.append(source)
        on_event({"event": "progress", "fraction": 0.5, "message": "comparing with transformers"})
        return graded_result(lab_id, source, mode)


async def open_exercise(pilot, lab: str = "sampling", runner=None, device: str = "cpu") -> LabExerciseScreen:
    await settle(pilot)
    pilot.app.push_screen(LabExerciseScreen(get_lab(lab), device, "quick", runner=runner))
    await settle(pilot)
    return pilot.app.screen


def report(screen) -> str:
    return str(screen.query_one("#lab-ex-report").render())


async def test_edit_save_fail_then_fix_save_pass(col, app_for):
    runner = FileGradingRunner()
    async with app_for(col).run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, runner=runner)
        path = col.home / "labs" / "sampling" / "exercise.py"
        assert screen.path == path and path.is_file()  # started: the starter copied to the data folder
        editor = screen.query_one(TextArea)
        assert editor.has_focus and "def apply_temperature(" in editor.text
        # a wrong implementation, typed in the built-in editor
        line = editor.text.splitlines().index(f"    {STUB}")
        editor.select_line(line)
        await pilot.press(*"    return logits * temperature", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "return logits * temperature" in path.read_text(encoding="utf-8")
        text = report(screen)
        assert "A check failed" in text and "✗ temperature_matches_transformers" in text
        assert "expected <= 1e-06, measured 0.9639" in text and "Hint:" in text
        assert "Shown, not counted" in text and "fp16_max_is_65504" in text
        assert text.index("Exercise checks") < text.index("Experiment checks") < text.index("Shown, not counted")
        # the fix
        editor.text = editor.text.replace("return logits * temperature", "return logits / temperature")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "All checks pass" in report(screen) and "✗" not in report(screen)
        assert len(runner.files) == 2 and "return logits / temperature" in runner.files[1]
    attempts = col.lab_runs("sampling", exercise=True)
    assert [a["status"] for a in attempts] == ["pass", "fail"] and all(a["exercise"] for a in attempts)
    assert col.lab_runs("sampling", exercise=False) == []


async def test_earlier_runs_mark_the_exercise_attempts(col, app_for):
    from tests.ui.test_lab_screen import fixed_result, table_rows

    col.save_lab_run(parse(fixed_result("sampling", "pass")))
    col.save_lab_run(graded_result("sampling", "return logits * temperature", "quick"), exercise=True)
    async with app_for(col).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.push_screen(pilot.app.make_screen("labs", lab="sampling"))
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        rows = table_rows(pilot.app.screen, "#lab-history")
        assert [(r[2], r[4], r[6]) for r in rows] == [("fail", "quick · exercise", "1/2"), ("pass", "quick", "5/6")]


async def test_the_learners_file_is_never_replaced_on_opening(col, app_for):
    path = col.home / "labs" / "sampling" / "exercise.py"
    path.parent.mkdir(parents=True)
    path.write_text("# my own work\n", encoding="utf-8")
    async with app_for(col).run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, runner=FileGradingRunner())
        assert screen.query_one(TextArea).text == "# my own work\n"
    assert path.read_text(encoding="utf-8") == "# my own work\n"


async def test_leaving_with_unsaved_changes_asks_first(col, app_for):
    async with app_for(col).run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, runner=FileGradingRunner())
        await pilot.press("x")
        await pilot.press("escape", "escape")  # the first leaves the editor, the second warns
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is not screen


async def test_ctrl_t_shows_the_next_hint_and_counts_it(col, app_for):
    async with app_for(col).run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, runner=FileGradingRunner())
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "Hint 2 of" in str(screen.query_one("#lab-ex-hint").render())
    assert col.lab_exercise("sampling")["hints_shown"] == 2


async def test_external_editor_saves_and_the_checks_run(col, app_for, tmp_path, monkeypatch):
    fake_editor = tmp_path / "fake_editor.py"
    fake_editor.write_text(  # an editor that fixes the temperature and saves (argv: +LINE PATH)
        "import sys, pathlib\np = pathlib.Path(sys.argv[-1])\n"
        f"p.write_text(p.read_text().replace({STUB!r}, 'return logits / temperature'))\n", encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {fake_editor}")
    runner = FileGradingRunner()
    async with app_for(col).run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, runner=runner)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "return logits / temperature" in screen.query_one(TextArea).text
        assert "All checks pass" in report(screen) and len(runner.files) == 1


@pytest.mark.parametrize("editor", ["/no/such/editor", "vim 'unbalanced"])
async def test_a_missing_or_broken_editor_is_a_notice_and_the_app_goes_on(col, app_for, monkeypatch, editor):
    monkeypatch.setenv("EDITOR", editor)
    async with app_for(col).run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, runner=FileGradingRunner())
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert pilot.app.screen is screen and pilot.app.is_running
        assert any("Could not start the editor" in str(n.message) for n in pilot.app._notifications)
        await pilot.press("ctrl+s")  # still usable
        await settle(pilot)
        assert "A check failed" in report(screen)


async def test_e_on_the_lab_list_opens_the_exercise_with_the_chosen_device(col, app_for):
    async with app_for(col).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.push_screen(pilot.app.make_screen("labs", lab="lora"))
        await settle(pilot)
        await pilot.press("d", "d", "e")  # device: cuda
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LabExerciseScreen) and screen.lab.id == "lora" and screen.device == "cuda"
        assert "def merge_weight(" in screen.query_one(TextArea).text


async def test_e_after_a_run_opens_that_labs_exercise(col, app_for, monkeypatch):
    from studyapp.tui.screens import lab_run
    from tests.ui.test_lab_screen import FakeRunner

    monkeypatch.setattr(lab_run, "RUNNER", FakeRunner())
    async with app_for(col).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.push_screen(pilot.app.make_screen("labs", lab="memory"))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LabExerciseScreen) and screen.lab.id == "memory"
        assert "def training_bytes(" in screen.query_one(TextArea).text


async def test_L_on_a_child_card_opens_its_parents_lab(tmp_path, app_for):
    notes = (Note("fda38b--activations-4e1393", "激活值 activations", "梯度检查点省激活值。", "显存", 1, kind="child",
                  parent_slug="fda38b"),  # first in the queue
             Note("fda38b", "解决显存不够的方法有哪些？", "- 混合精度", "显存", 2))
    col = make_collection(tmp_path / "home", notes)
    labs = CardLabs.catalogue()  # the installed labs' note -> lab index, as `studyapp` passes it to the app
    try:
        assert {v.slug: v.lab for v in study.cards(col, labs=labs)} == {"fda38b": "memory",
                                                                          "fda38b--activations-4e1393": "memory"}
        async with app_for(col, labs=labs).run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            assert pilot.app.screen.step.card.slug == "fda38b--activations-4e1393"
            assert pilot.app.screen.step.card.slug == "fda38b--activations-4e1393"
            await pilot.press("L")
            await settle(pilot)
            assert pilot.app.screen.selected().id == "memory"
            assert "Memory" in screen_text(pilot.app)
    finally:
        col.close()


PRECISION_RIGHT = '''import math

import torch


def layout_bits(finfo) -> tuple[int, int]:
    mantissa = round(-math.log2(finfo.eps))
    exponent = round(math.log2(math.floor(math.log2(finfo.max)) + 1)) + 1
    return exponent, mantissa


def unscale(scaled_grad: torch.Tensor, scale: float) -> torch.Tensor:
    return scaled_grad.float() / scale


def amp_train_step(model, loss_fn, x, y, optimizer, scaler, dtype):
    with torch.autocast(device_type=x.device.type, dtype=dtype):
        loss = loss_fn(model(x), y)
    scaler.scale(loss).backward()
    scaler.step(optimizer)
    scaler.update()
    return loss.detach()
'''
PRECISION_WRONG = PRECISION_RIGHT.replace("return exponent, mantissa", "return mantissa, exponent")  # swapped


@pytest.mark.slow
async def test_the_real_lab_grades_the_learners_file(col, app_for):
    """No fake: the Exercise screen runs the real precision lab (quick, CPU) on what was typed and saved."""
    async with app_for(col).run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, lab="precision")
        editor = screen.query_one(TextArea)
        assert "def layout_bits(" in editor.text
        editor.text = PRECISION_WRONG
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = report(screen)
        assert "A check failed" in text and "✗" in text and "expected" in text and "measured" in text
        editor.text = PRECISION_RIGHT
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "All checks pass" in report(screen), report(screen)
    assert [a["status"] for a in col.lab_runs("precision", exercise=True)] == ["pass", "fail"]
