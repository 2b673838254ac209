"""The typed lab result: parsed once from the lab's document, validated field by field, written back unchanged."""
from __future__ import annotations

import json

import pytest

from labs import protocol
from studyapp.labrunner.lab_result import CheckResult, LabResult, parse, stored_result


def lab_document(**changes) -> dict:
    checks = [protocol.check_close("loss", 1.0, 1.0, why="the loss", rel=1e-3, kind="exercise"),
              protocol.check_equal("shape", [2, 3], [2, 3], why="the shape"),
              protocol.demo("fp16_max", shown=65504, why="a constant")]
    doc = protocol.result_document("precision", "pass", device="cpu", device_name="x86", mode="quick",
                                   torch_version="2.13", started="2026-03-02T09:00:00+00:00", seconds=1.5,
                                   metrics={"m": 1.0}, checks=checks, versions={"numpy": "2"})
    return {**doc, **changes}


def test_a_lab_document_reads_as_typed_values_and_writes_back_the_same():
    doc = {**lab_document(), "backend": "box", "host": "gpu-1", "exercise_file": "/w/e.py", "unfinished": []}
    result = parse(json.loads(json.dumps(doc)))
    assert isinstance(result, LabResult) and result.status == "pass" and result.backend == "box"
    assert result.checks[0] == CheckResult("loss", "pass", "exercise", 1.0, 1.0, "the loss", "rel 0.001")
    assert [c.counted for c in result.checks] == [True, True, False]
    assert result.tally() == {"pass": 2, "fail": 0, "skip": 0} and result.failed_checks == ()
    assert result.extra == {"dtypes": [], "versions": {"numpy": "2"}, "host": "gpu-1"}
    assert result.to_document() == doc  # what `--json` prints and the store keeps
    assert json.dumps(result.to_document(), sort_keys=True) == json.dumps(doc, sort_keys=True)


def test_changes_make_a_copy():
    result = parse(lab_document())
    changed = result.but(status="fail", remote_host="h")
    assert (result.status, changed.status, changed.extra["remote_host"]) == ("pass", "fail", "h")
    with pytest.raises(AttributeError):
        result.status = "fail"


@pytest.mark.parametrize("document, field", [
    ([], "document: must be a JSON object, not a list"),
    ({}, "version: missing"),
    (lab_document(version="1"), "version: must be a whole number, not text"),
    (lab_document(lab=""), "lab: must name the lab"),
    (lab_document(lab=3), "lab: must be text, not a number"),
    (lab_document(status="great"), "status: must be one of pass, fail, error, not 'great'"),
    (lab_document(started="yesterday"), "started: must be an ISO 8601 time, not 'yesterday'"),
    (lab_document(seconds="1.5"), "seconds: must be a number, not text"),
    (lab_document(metrics=[]), "metrics: must be an object, not a list"),
    (lab_document(checks={}), "checks: must be a list, not an object"),
    (lab_document(checks=[1]), "checks[0]: must be an object, not a number"),
    (lab_document(checks=[{"status": "pass"}]), "checks[0].name: missing"),
    (lab_document(checks=[{"name": "a", "status": "ok"}]), "checks[0].status: must be one of pass, fail, skip, not 'ok'"),
    (lab_document(checks=[{"name": "a", "status": "pass", "kind": "quiz"}]), "checks[0].kind: must be one of"),
    (lab_document(checks=[{"name": "a", "status": "pass", "message": 5}]), "checks[0].message: must be text"),
    (lab_document(message=None), "message: must be text, not null"),
    (lab_document(unfinished="f"), "unfinished: must be a list of function names"),
])
def test_a_malformed_document_is_an_error_result_naming_the_field(document, field):
    result = parse(document, "precision", mode="quick", seconds=2.0)
    assert result.status == "error" and result.checks == ()
    assert result.message.startswith("the lab's result document is malformed: " + field)
    assert result.mode == "quick" and result.seconds == 2.0 and result.lab in ("precision", "")


def test_a_stored_run_reads_back_without_the_stores_own_keys():
    doc = {**lab_document(), "exercise": True, "id": 7}
    result = stored_result(doc)
    assert result.status == "pass" and "id" not in result.extra and "exercise" not in result.extra
