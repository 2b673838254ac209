"""The lab protocol: events, check helpers, result documents, exit codes."""
from __future__ import annotations

import io
import json
import math

import pytest

from labs import protocol
from labs.protocol import Check, Emitter


def test_events_are_json_lines():
    buf = io.StringIO()
    em = Emitter(buf)
    em.progress(1.5, "half")
    em.log("hello", level="info")
    em.metric("loss", float("inf"), unit="nats")
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert lines[0] == {"event": "progress", "fraction": 1.0, "message": "half"}
    assert lines[1] == {"event": "log", "level": "info", "message": "hello"}
    assert lines[2] == {"event": "metric", "name": "loss", "value": "inf", "unit": "nats"}


@pytest.mark.parametrize("measured, ok", [(1.0, True), (1.0 + 1e-7, True), (1.01, False), (float("nan"), False),
                                           ("x", False)])
def test_check_close(measured, ok):
    c = protocol.check_close("c", measured, 1.0, rel=1e-6, why="w")
    assert c.passed is ok and c.tolerance == "rel 1e-06"


def test_bounds_and_equality():
    assert protocol.check_at_most("a", 1, 2, why="").passed
    assert not protocol.check_at_most("a", 3, 2, why="").passed
    assert not protocol.check_at_most("a", float("nan"), 2, why="").passed
    assert protocol.check_at_least("a", 3, 2, why="").passed
    assert not protocol.check_at_least("a", 1, 2, why="").passed
    assert protocol.check_equal("a", [5, 10], [5, 10], why="").passed
    assert not protocol.check_equal("a", [5, 11], [5, 10], why="").passed
    assert protocol.check_skipped("a", expected=">= 2", why="no GPU").status == "skip"


def test_check_status_is_validated():
    with pytest.raises(ValueError):
        Check("x", "maybe", 1, 1, "")


def test_overall_status_and_exit_codes():
    ok = protocol.check_equal("a", 1, 1, why="")
    bad = protocol.check_equal("b", 1, 2, why="")
    skip = protocol.check_skipped("c", expected=1, why="")
    assert protocol.overall_status([ok, skip]) == "pass"
    assert protocol.overall_status([ok, bad]) == "fail"
    assert protocol.overall_status([]) == "error"  # no checks is never a pass
    assert [protocol.exit_code(s) for s in ("pass", "fail", "error", "weird")] == [0, 1, 2, 2]


def test_result_document_has_every_key_and_is_plain_json(tmp_path):
    checks = [protocol.check_equal("inf", math.inf, math.inf, why="")]
    doc = protocol.result_document("demo", "pass", device="cpu", device_name="cpu", dtypes=["float32"],
                                   torch_version="2.x", started="now", seconds=1.23456, metrics={"m": 1},
                                   checks=checks, message="ok")
    assert set(protocol.RESULT_KEYS) <= set(doc)
    assert doc["checks"][0]["measured"] == "inf" and doc["seconds"] == 1.235
    path = tmp_path / "r.json"
    protocol.write_result(path, doc)
    assert json.loads(path.read_text()) == doc
    assert not (tmp_path / "r.json.partial").exists()
    with pytest.raises(ValueError):
        protocol.result_document("demo", "skip")


def test_context_picks_the_exercise_only_when_asked():
    class Exercise:
        @staticmethod
        def f():
            return "mine"

    def reference():
        return "ref"

    assert protocol.LabContext("cpu", "quick").pick(reference, Exercise, "f")() == "ref"
    assert protocol.LabContext("cpu", "quick", exercise=True).pick(reference, Exercise, "f")() == "mine"


def test_report_summarizes_result_documents(tmp_path):
    from labs.report import summarize

    checks = [protocol.check_equal("ok", 1, 1, why=""), protocol.check_equal("bad", 1, 2, why="")]
    protocol.write_result(tmp_path / "a.json", protocol.result_document("a", "fail", checks=checks, device="cuda",
                                                                         device_name="H100", seconds=3.0))
    (tmp_path / "noise.json").write_text("{")
    text = summarize(tmp_path)
    assert "| a | **FAIL** | H100 |" in text and "| bad | **FAIL** | 2 | 1 |" in text
