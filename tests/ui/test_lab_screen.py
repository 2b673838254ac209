"""The lab screens in the real app: list, run (with a fake runner), cancel, errors, `lab=`, earlier runs.

Update the snapshot after an intended change: pytest tests/ui/test_lab_screen.py --snapshot-update
"""
from __future__ import annotations

import asyncio
import threading
from functools import partial

import pytest
from textual.widgets import DataTable

from studyapp.labrunner import list_labs, run_lab
from studyapp.labrunner.lab_result import parse
from studyapp.labrunner.results import error_result
from studyapp.tui.screens import lab_run
from tests.ui.conftest import screen_text, settle

LABS = tuple(info.id for info in list_labs())  # sorted by id; more labs may join these four
SIZE = (100, 32)


def check(name, status, expected, measured, message, tolerance=None):
    return {"name": name, "status": status, "expected": expected, "measured": measured,
            "tolerance": tolerance, "message": message}


def fixed_result(lab_id: str, status: str = "fail") -> dict:
    checks = [
        check("fp16_layout", "pass", [5, 10], [5, 10], "fp16 has 5 exponent and 10 mantissa bits", "exact"),
        check("fp16_max_is_65504", "pass", 65504.0, 65504.0, "largest finite fp16: (2 - 2^-10) * 2^15", "exact"),
        check("bf16_max_is_3.39e38", "pass", 3.39e38, 3.3895313892515355e38,
              "bf16 keeps fp32's 8 exponent bits, so its range", "rel 0.01"),
        check("fp16_overflows_at_65520", "pass" if status == "pass" else "fail", "inf", 65504.0,
              "65520 rounds past 65504 to inf in fp16"),
        check("pure_fp16_loses_updates", "pass", ">= 0.1", 0.5833, "fp16 weights swallow small steps", "bound"),
        check("bf16_matmul_faster_than_fp32", "skip", ">= 2", None, "skipped on CPU: tensor cores only"),
    ]
    return {"version": 1, "lab": lab_id, "status": status, "mode": "quick", "device": "cpu", "device_name": "cpu",
            "dtypes": ["float32", "bfloat16", "float16"], "torch": "2.11.0", "started": "2026-03-02T09:00:00+00:00",
            "seconds": 12.5, "metrics": {"fp16_max": 65504.0, "lost_updates[fp16_pure]": 5824057,
                                         "curve_gap_vs_fp32[bf16_autocast]": 0.00043},
            "checks": checks, "message": "1 check failed" if status == "fail" else "6 checks, none failed"}


class FakeRunner:
    """`run_lab`'s signature: emits a few events, then returns `result(lab_id)` (or raises `error`)."""

    def __init__(self, result=fixed_result, error: Exception | None = None):
        self.result, self.error = result, error
        self.calls: list[dict] = []

    def __call__(self, lab_id, device="auto", mode="quick", timeout=None, on_event=None, cancel=None):
        self.calls.append({"lab": lab_id, "device": device, "mode": mode})
        for step in range(4):
            on_event({"event": "progress", "fraction": step / 4, "message": f"step {step + 1} of 4"})
            on_event({"event": "log", "message": f"measured thing {step + 1}"})
        on_event({"event": "metric", "name": "fp16_max", "value": 65504.0})
        if self.error is not None:
            raise self.error
        result = self.result(lab_id)
        return parse(result) if isinstance(result, dict) else result


class BlockingRunner:
    """Runs until cancelled, then answers as `run_lab` does for a cancelled run."""

    def __init__(self):
        self.started = threading.Event()

    def __call__(self, lab_id, device="auto", mode="quick", timeout=None, on_event=None, cancel=None):
        on_event({"event": "progress", "fraction": 0.3, "message": "training"})
        self.started.set()
        if not cancel.wait(timeout=20):
            return parse(fixed_result(lab_id, "pass"))
        return error_result(lab_id, "cancelled", mode=mode, seconds=0.5)


@pytest.fixture
def runner(monkeypatch):
    fake = FakeRunner()
    monkeypatch.setattr(lab_run, "RUNNER", fake)
    return fake


async def wait_until(pilot, predicate, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, "timed out waiting"
        await pilot.pause(0.02)


async def open_labs(pilot, *keys: str, lab: str = "lora"):
    """The list from Home (`l`), the cursor moved down to `lab`, then `keys`."""
    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)
    await pilot.press(*["down"] * LABS.index(lab), *keys)
    await settle(pilot)
    return pilot.app.screen


def table_rows(screen, selector: str) -> list[list[str]]:
    table = screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_list_shows_the_four_labs_with_their_last_status(col, app_for):
    col.save_lab_run(parse(fixed_result("memory", "pass")))
    async with app_for(col).run_test(size=SIZE) as pilot:
        screen = await open_labs(pilot)
        assert type(screen).__name__ == "LabsScreen"
        rows = table_rows(screen, "#lab-table")
        assert [row[0] for row in rows] == list(LABS)
        memory = rows[LABS.index("memory")]
        assert memory[3].startswith("pass") and memory[4] == "cpu"
        assert rows[LABS.index("lora")][3] == "never run"
        text = screen_text(pilot.app)
        assert "LoRA: low-rank adapters" in text and "Notes:" in text


async def test_a_run_shows_its_log_then_its_checks_and_is_saved(col, app_for, runner):
    async with app_for(col).run_test(size=SIZE) as pilot:
        await open_labs(pilot, "d", "d", "m", lab="precision")  # device cuda, mode full
        await pilot.press("r")
        await settle(pilot)
        screen = pilot.app.screen
        assert type(screen).__name__ == "LabRunScreen"
        assert runner.calls == [{"lab": "precision", "device": "cuda", "mode": "full"}]
        assert "measured thing 4" in "\n".join(screen.lines)
        rows = table_rows(screen, ".lab-checks")
        assert len(rows) == 6
        assert rows[3][:4] == ["fp16_overflows_at_65520", "inf", "65504", "fail"]
        assert table_rows(screen, ".lab-metrics")[0] == ["fp16_max", "65504"]
        [saved] = col.lab_runs("precision")
        assert saved["status"] == "fail" and len(saved["checks"]) == 6
        await pilot.press("q")
        await settle(pilot)
        assert table_rows(pilot.app.screen, "#lab-table")[LABS.index("precision")][3].startswith("fail")


async def test_cancel_saves_the_run_as_cancelled_never_as_pass(col, app_for, monkeypatch):
    blocking = BlockingRunner()
    monkeypatch.setattr(lab_run, "RUNNER", blocking)
    async with app_for(col).run_test(size=SIZE) as pilot:
        await open_labs(pilot)
        await pilot.press("r")
        await wait_until(pilot, blocking.started.is_set)
        screen = pilot.app.screen
        await wait_until(pilot, lambda: screen.fraction == 0.3)
        await pilot.press("c")
        await settle(pilot)
        assert screen.result.status == "error"
        assert "Message: cancelled" in screen_text(pilot.app)
        [saved] = col.lab_runs("lora")
        assert saved["status"] == "error" and saved["message"] == "cancelled"


async def test_leaving_a_running_lab_cancels_it_first(col, app_for, monkeypatch):
    blocking = BlockingRunner()
    monkeypatch.setattr(lab_run, "RUNNER", blocking)
    async with app_for(col).run_test(size=SIZE) as pilot:
        await open_labs(pilot)
        await pilot.press("r")
        await wait_until(pilot, blocking.started.is_set)
        await pilot.press("q")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "LabsScreen"
        assert col.lab_status()["lora"]["status"] == "error"
        assert table_rows(pilot.app.screen, "#lab-table")[LABS.index("lora")][3].startswith("error")


async def test_an_error_result_shows_its_message_and_the_app_stays_up(col, app_for, monkeypatch):
    message = "the lab process was killed by SIGKILL (out of memory?)"
    monkeypatch.setattr(lab_run, "RUNNER", FakeRunner(lambda lab_id: error_result(lab_id, message, mode="quick")))
    app = app_for(col)
    async with app.run_test(size=SIZE) as pilot:
        await open_labs(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "SIGKILL (out of memory?)" in screen_text(app)
        assert not pilot.app.screen.query_one(".lab-checks", DataTable).display
        await pilot.press("r")  # run again: the screen still answers
        await settle(pilot)
        assert [r["status"] for r in col.lab_runs("lora")] == ["error", "error"]
        await pilot.press("q", "q")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen" and app.is_running


async def test_a_runner_that_raises_is_saved_as_an_error(col, app_for, monkeypatch):
    monkeypatch.setattr(lab_run, "RUNNER", FakeRunner(error=RuntimeError("boom")))
    async with app_for(col).run_test(size=SIZE) as pilot:
        await open_labs(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "the runner failed: RuntimeError: boom" in screen_text(pilot.app)
        [saved] = col.lab_runs("lora")
        assert saved["status"] == "error" and "boom" in saved["message"]


@pytest.mark.parametrize("lab", ["lora", "sampling"])
async def test_opening_with_a_lab_preselects_it(col, app_for, lab):
    app = app_for(col)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(app.make_screen("labs", lab=lab))
        await settle(pilot)
        assert app.screen.selected().id == lab
        assert app.screen.query_one("#lab-table", DataTable).cursor_row == LABS.index(lab)


async def test_L_on_a_review_card_opens_its_lab(col, app_for, runner):
    from studyapp.service.card_labs import CardLabs

    async with app_for(col, labs=CardLabs.of({"lora": "lora"})).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert pilot.app.screen.step.card.lab == "lora"
        await pilot.press("L")
        await settle(pilot)
        assert pilot.app.screen.selected().id == "lora"
        await pilot.press("r")
        await settle(pilot)
        assert runner.calls[0]["lab"] == "lora"


async def test_an_unknown_lab_is_named_and_the_list_still_works(col, app_for):
    app = app_for(col)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(app.make_screen("labs", lab="no-such-lab"))
        await settle(pilot)
        assert "There is no lab named 'no-such-lab'." in screen_text(app)
        assert len(table_rows(app.screen, "#lab-table")) == len(LABS) >= 4


async def test_earlier_runs_open_with_their_checks(col, app_for):
    first = col.save_lab_run(parse(fixed_result("sampling", "pass")))
    second = col.save_lab_run(parse(fixed_result("sampling", "fail")))
    async with app_for(col).run_test(size=SIZE) as pilot:
        screen = await open_labs(pilot, "h", lab="sampling")
        assert type(screen).__name__ == "LabHistoryScreen"
        rows = table_rows(screen, "#lab-history")
        assert [(row[0], row[2], row[6]) for row in rows] == [(str(second), "fail", "4/6"), (str(first), "pass", "5/6")]
        await pilot.press("down", "enter")
        await settle(pilot)
        result_screen = pilot.app.screen
        assert type(result_screen).__name__ == "LabResultScreen"
        assert result_screen.run_id == first and result_screen.result.status == "pass"
        assert len(table_rows(result_screen, ".lab-checks")) == 6
        assert f"Run {first} of sampling" in screen_text(pilot.app)


async def test_earlier_runs_of_a_lab_never_run(col, app_for):
    async with app_for(col).run_test(size=SIZE) as pilot:
        await open_labs(pilot, "h")
        assert "No runs yet" in screen_text(pilot.app)


async def test_the_screens_speak_chinese(col, app_for, runner):
    from studyapp.store.settings import Settings

    col.save_settings(Settings(language="zh"))
    async with app_for(col).run_test(size=SIZE) as pilot:
        await open_labs(pilot)
        assert "未运行" in screen_text(pilot.app)
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "期望" in text and "实测" in text and "失败" in text


async def test_switching_language_keeps_a_finished_run_on_screen(col, app_for, runner):
    app = app_for(col)
    async with app.run_test(size=SIZE) as pilot:
        await open_labs(pilot)
        await pilot.press("r")
        await settle(pilot)
        app.set_language("zh")
        await settle(pilot)
        assert "实测" in screen_text(app) and len(table_rows(app.screen, ".lab-checks")) == 6
        await pilot.press("l")  # the log, written again after the screen was composed anew
        await settle(pilot)
        assert "measured thing 4" in screen_text(app)
        assert len(runner.calls) == 1


def test_the_checks_table_snapshot(snap_compare, col, app_for, runner):
    async def run_before(pilot) -> None:
        await open_labs(pilot, lab="precision")
        await pilot.press("r")
        await settle(pilot)

    assert snap_compare(app_for(col), terminal_size=SIZE, run_before=run_before)


@pytest.mark.slow
async def test_the_real_runner_on_the_precision_lab(col, app_for, monkeypatch):
    monkeypatch.setattr(lab_run, "RUNNER", partial(run_lab, timeout=60))
    async with app_for(col).run_test(size=SIZE) as pilot:
        await open_labs(pilot, "d", lab="precision")  # on the CPU
        await pilot.press("r")
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.result.status == "pass", screen.result.message
        assert len(table_rows(screen, ".lab-checks")) == len(screen.result.checks) >= 5
        assert any(line.startswith("[") for line in screen.lines)  # live progress reached the log
        assert col.lab_status()["precision"]["status"] == "pass"


async def test_a_demo_is_shown_apart_and_never_counted(col, app_for, monkeypatch):
    def with_demo(lab_id):
        result = fixed_result(lab_id, "pass")
        result["checks"][1]["kind"] = "demo"  # fp16_max_is_65504: a constant, shown not counted
        return result

    monkeypatch.setattr(lab_run, "RUNNER", FakeRunner(result=with_demo))
    async with app_for(col).run_test(size=SIZE) as pilot:
        await open_labs(pilot, "r", lab="precision")
        await settle(pilot)
        rows = table_rows(pilot.app.screen, ".lab-checks")
        assert rows[1][0] == "fp16_max_is_65504" and rows[1][3] == "shown"
        status = str(pilot.app.screen.query_one(".lab-result-status").render())
        assert "checks: 4 passed, 0 failed, 1 skipped · 1 shown, not counted" in status
