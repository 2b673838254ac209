"""Judging result documents and supervising processes, without any lab."""
from __future__ import annotations

import json
import sys
import threading

import pytest

from studyapp.labrunner import exit_code, judge
from studyapp.labrunner.lab_result import parse
from studyapp.labrunner.process import parse_line, supervise
from studyapp.labrunner.results import error_result, load


def doc(status, *check_statuses):
    return {"version": 1, "lab": "x", "status": status, "device": "cpu", "torch": "2", "started": "2026-03-02T09:00:00",
            "seconds": 1.0, "metrics": {}, "message": "m",
            "checks": [{"name": f"c{i}", "status": s, "expected": 1, "measured": 1, "message": ""}
                       for i, s in enumerate(check_statuses)]}


@pytest.mark.parametrize("status, checks, rc, judged", [
    ("pass", ("pass", "skip"), 0, "pass"),
    ("pass", ("pass", "fail"), 0, "fail"),      # the checks outrank the lab's own verdict
    ("pass", ("skip",), 0, "error"),             # nothing was actually checked
    ("pass", (), 0, "error"),
    ("pass", ("pass",), 1, "error"),             # the exit code disagrees
    ("fail", ("pass", "fail"), 1, "fail"),
    ("fail", ("pass",), 1, "error"),
    ("error", (), 2, "error"),
])
def test_judge(status, checks, rc, judged):
    assert judge(parse(doc(status, *checks)), rc).status == judged


def test_a_pass_with_only_demos_is_not_a_pass():
    only_demos = {**doc("pass", "pass"), "checks": [{"name": "d", "status": "pass", "kind": "demo"}]}
    assert judge(parse(only_demos), 0).status == "error"


def test_exit_code():
    assert [exit_code(parse(doc(s, "pass" if s == "pass" else "fail"))) for s in ("pass", "fail", "error")] == [0, 1, 2]


def test_load_reads_a_result_or_names_what_is_wrong(tmp_path):
    path = tmp_path / "r.json"
    assert load(path) is None  # no document: the runner reports how the lab ended instead
    path.write_text("{not json")
    assert load(path) is None
    path.write_text("[]")
    assert load(path, "lora").message == "the lab's result document is malformed: document: must be a JSON object, not a list"
    path.write_text(json.dumps({**doc("pass", "pass"), "status": "great"}))
    broken = load(path, "lora", mode="quick")
    assert (broken.status, broken.lab, broken.mode) == ("error", "x", "quick")
    assert broken.message.endswith("status: must be one of pass, fail, error, not 'great'")
    path.write_text(json.dumps(doc("pass", "pass")))
    assert load(path).status == "pass"


def test_error_result_is_a_full_document():
    result = error_result("lora", "cancelled", device="cpu", mode="quick", seconds=1.0)
    assert result.status == "error" and result.checks == () and result.started
    assert set(result.to_document()) >= {"version", "lab", "status", "checks", "message", "dtypes", "versions"}


def test_parse_line():
    assert parse_line('{"event": "metric", "name": "a", "value": 1}\n', "stdout")["event"] == "metric"
    assert parse_line('{"no": "event"}', "stdout") == {"event": "log", "level": "stdout", "message": '{"no": "event"}'}
    assert parse_line('{"event": "x"}', "stderr")["level"] == "stderr"  # stderr is never protocol


def test_supervise_raising_callback_still_kills_the_process():
    code = "import time\nprint('{\"event\": \"log\", \"message\": \"x\"}', flush=True)\ntime.sleep(60)"

    def explode(event):
        raise RuntimeError("callback bug")

    with pytest.raises(RuntimeError):
        supervise([sys.executable, "-c", code], timeout=30, on_event=explode)


def test_supervise_reports_exit_code_and_tail():
    out = supervise([sys.executable, "-c", "import sys; print('e1', file=sys.stderr); sys.exit(3)"], timeout=30,
                    cancel=threading.Event())
    assert out.returncode == 3 and out.stderr_tail == "e1" and not out.timed_out and not out.cancelled
