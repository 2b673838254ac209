"""run_lab's fault paths, driven by a fake `torch` module placed first on the lab process's path."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from studyapp.labrunner import exit_code, get_lab, lab_index, list_labs, run_lab


def fake_torch(tmp_path: Path, body: str) -> dict:
    """An env for run_lab whose lab process imports `body` as torch (run when the lab imports torch)."""
    pkg = tmp_path / "fake" / "torch"
    pkg.mkdir(parents=True)
    prelude = "import json, os, signal, sys, time\nOUT = sys.argv[sys.argv.index('--out') + 1]\n"
    (pkg / "__init__.py").write_text(prelude + body, encoding="utf-8")
    return {"PYTHONPATH": str(tmp_path / "fake")}


def test_list_labs_gives_metadata():
    labs = {lab.id: lab for lab in list_labs()}
    assert {"sampling", "precision", "memory", "lora", "flops", "long-context", "prompt-tuning"} <= set(labs)
    assert len(labs) == 16
    assert labs["lora"].to_dict()["notes"] == ["lora-bc5745", "lora-502e3d", "qlora-lora-bc1c7a", "lora-9f64e1"]
    assert get_lab("memory").modes == ("quick", "full")
    assert lab_index().lab_ids_for("ed12ca") == ("precision",)
    with pytest.raises(KeyError):
        get_lab("nope")


def test_bad_arguments_raise():
    with pytest.raises(ValueError):
        run_lab("nope")
    with pytest.raises(ValueError):
        run_lab("lora", device="tpu")
    with pytest.raises(ValueError):
        run_lab("lora", mode="huge")


def test_missing_torch_is_an_error_that_says_so(tmp_path):
    env = fake_torch(tmp_path, "raise ModuleNotFoundError(\"No module named 'torch'\", name='torch')\n")
    result = run_lab("precision", device="cpu", env=env)
    assert result.status == "error" and exit_code(result) == 2
    assert result.message.startswith("torch is not installed")


def test_a_broken_torch_is_not_called_missing(tmp_path):
    env = fake_torch(tmp_path, "raise ImportError('libcudart.so.12: cannot open shared object file')\n")
    result = run_lab("precision", device="cpu", env=env)
    assert result.status == "error" and "cannot be imported: libcudart.so.12" in result.message


def test_time_limit_kills_the_lab(tmp_path):
    env = fake_torch(tmp_path, "print(json.dumps({'event': 'metric', 'name': 'm', 'value': 3}), flush=True)\n"
                               "time.sleep(60)\n")
    t0 = time.monotonic()
    result = run_lab("precision", device="cpu", timeout=1.5, env=env)
    assert time.monotonic() - t0 < 15
    assert result.status == "error" and result.message == "timed out after 1.5 s"
    assert result.metrics == {"m": 3} and result.checks == ()


def test_cancel_stops_the_lab(tmp_path):
    env = fake_torch(tmp_path, "event = {'event': 'progress', 'fraction': 0.1, 'message': 'go'}\n"
                               "print(json.dumps(event), flush=True)\ntime.sleep(60)\n")
    cancel = threading.Event()
    seen = []

    def on_event(event):
        seen.append(event)
        if event["event"] == "progress":
            cancel.set()

    t0 = time.monotonic()
    result = run_lab("precision", device="cpu", env=env, on_event=on_event, cancel=cancel)
    assert time.monotonic() - t0 < 15
    assert result.status == "error" and result.message == "cancelled"
    assert {"event": "progress", "fraction": 0.1, "message": "go"} in seen


def test_cancel_before_start(tmp_path):
    cancel = threading.Event()
    cancel.set()
    result = run_lab("precision", device="cpu", cancel=cancel, env=fake_torch(tmp_path, "time.sleep(60)\n"))
    assert result.message == "cancelled" and exit_code(result) == 2


def test_crash_reports_the_stderr_tail(tmp_path):
    env = fake_torch(tmp_path, "sys.stderr.write('Fatal Python error: Segmentation fault\\n'); sys.stderr.flush()\n"
                               "os._exit(139)\n")
    logs = []
    result = run_lab("precision", device="cpu", env=env, on_event=logs.append)
    assert result.status == "error"
    assert "exited with code 139" in result.message and "Segmentation fault" in result.message
    assert {"event": "log", "level": "stderr", "message": "Fatal Python error: Segmentation fault"} in logs


@pytest.mark.skipif(os.name != "posix", reason="signals are POSIX")
def test_killed_by_a_signal(tmp_path):
    result = run_lab("precision", device="cpu", env=fake_torch(tmp_path, "os.kill(os.getpid(), signal.SIGKILL)\n"))
    assert result.status == "error" and "killed by SIGKILL (out of memory?)" in result.message


def test_an_unreadable_result_is_an_error(tmp_path):
    env = fake_torch(tmp_path, "open(OUT, 'w').write('{not json'); os._exit(0)\n")
    result = run_lab("precision", device="cpu", env=env)
    assert result.status == "error" and "without a result" in result.message


def test_a_pass_with_a_failed_check_is_judged_fail(tmp_path):
    doc = {"version": 1, "lab": "precision", "status": "pass", "device": "cpu", "torch": "x", "started": "2026-03-02T09:00:00",
           "seconds": 1.0, "metrics": {}, "message": "",
           "checks": [{"name": "a", "status": "fail", "expected": 1, "measured": 2, "message": ""}]}
    env = fake_torch(tmp_path, f"open(OUT, 'w').write(json.dumps({doc!r})); os._exit(0)\n")
    result = run_lab("precision", device="cpu", env=env)
    assert result.status == "fail" and exit_code(result) == 1


def test_events_stream_in_order_and_stdout_noise_becomes_log(tmp_path):
    env = fake_torch(tmp_path, "for i in range(3):\n"
                               "    event = {'event': 'progress', 'fraction': i / 3, 'message': str(i)}\n"
                               "    print(json.dumps(event), flush=True)\n"
                               "print('plain text', flush=True)\nos._exit(1)\n")
    seen = []
    result = run_lab("precision", device="cpu", env=env, on_event=seen.append)
    assert [e["message"] for e in seen if e["event"] == "progress"] == ["0", "1", "2"]
    assert {"event": "log", "level": "stdout", "message": "plain text"} in seen
    assert result.status == "error"
