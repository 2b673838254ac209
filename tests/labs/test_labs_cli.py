"""`python -m labs`: listing without torch, and every way a run can fail to finish."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from labs import cli, registry

REPO = Path(__file__).resolve().parents[2]
# the ids the app and the cards refer to (issue 12): sixteen labs, one for every question of the deck
LAB_IDS = ("architecture", "attention", "cot", "distributed", "flops", "hallucination", "icl", "long-context",
           "lora", "memory", "precision", "prompt-tuning", "rlhf", "sampling", "sft", "tokenizer")


def _python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env})


def test_list_json_names_every_lab_without_importing_torch():
    proc = _python("import sys, runpy; sys.argv = ['labs', 'list', '--json']\n"
                   "try:\n    runpy.run_module('labs', run_name='__main__')\nexcept SystemExit:\n    pass\n"
                   "assert 'torch' not in sys.modules, 'listing imported torch'")
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)
    assert tuple(x["id"] for x in listed) == LAB_IDS
    for lab in listed:
        assert set(lab) >= {"id", "title", "notes", "modes"} and lab["notes"] and lab["modes"] == ["quick", "full"]


def test_every_lab_folder_has_readme_exercise_checks_and_lab():
    for meta in registry.discover():
        for name in ("README.md", "exercise.py", "checks.py", "lab.py"):
            assert (meta.folder / name).is_file(), f"{meta.id} lacks {name}"


def test_notes_are_the_decks_slugs():
    notes = {m.id: set(m.notes) for m in registry.discover()}
    assert notes["sampling"] == {"top-k-33e6c7", "top-p-86a7bb", "temperature-7033e9"}
    assert notes["precision"] == {"bf16-fp16-cc19cd", "ed12ca"}
    assert notes["memory"] == {"fda38b", "5e5177"}
    assert notes["lora"] == {"lora-bc5745", "lora-502e3d", "qlora-lora-bc1c7a", "lora-9f64e1"}


def _run(tmp_path, *args) -> tuple[int, dict]:
    out = tmp_path / "result.json"
    code = cli.main([*args, "--out", str(out)])
    return code, json.loads(out.read_text())


def test_unknown_lab_is_an_error_with_a_result(tmp_path):
    code, doc = _run(tmp_path, "nope", "--device", "cpu")
    assert code == 2 and doc["status"] == "error" and "unknown lab 'nope'" in doc["message"]


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_cuda_asked_for_but_absent(tmp_path):
    code, doc = _run(tmp_path, "precision", "--device", "cuda")
    assert code == 2 and doc["status"] == "error" and "CUDA was asked for" in doc["message"]
    assert doc["checks"] == []


def test_auto_picks_cuda_when_present_else_cpu(tmp_path, monkeypatch):
    import labs.precision.lab as lab
    from labs import protocol

    expected = "cuda" if torch.cuda.is_available() else "cpu"
    monkeypatch.setattr(lab, "run", lambda ctx: [protocol.check_equal("device", ctx.device, expected, why="")])
    code, doc = _run(tmp_path, "precision", "--device", "auto")
    assert code == 0 and doc["device"] == ("cuda" if torch.cuda.is_available() else "cpu")
    assert doc["torch"] == torch.__version__ and "float32" in doc["dtypes"] and doc["device_name"]


@pytest.mark.parametrize("exc, words", [
    (RuntimeError("boom"), "the lab raised RuntimeError: boom"),
    (torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 80.00 GiB"), "out of memory"),
])
def test_an_exception_inside_the_lab_is_an_error(tmp_path, monkeypatch, exc, words):
    import labs.lora.lab as lab

    def broken(ctx):
        ctx.metric("before_the_fault", 1)
        raise exc

    monkeypatch.setattr(lab, "run", broken)
    code, doc = _run(tmp_path, "lora", "--device", "cpu")
    assert code == 2 and doc["status"] == "error" and words in doc["message"]
    assert doc["metrics"] == {"before_the_fault": 1}  # what it measured before failing is kept


def test_an_unfinished_exercise_says_so(tmp_path):
    code, doc = _run(tmp_path, "precision", "--device", "cpu", "--exercise")
    assert code == 2 and "exercise not finished: exercise.py: " in doc["message"]


def test_a_failed_check_exits_1(tmp_path, monkeypatch):
    import labs.lora.lab as lab
    from labs import protocol

    monkeypatch.setattr(lab, "run", lambda ctx: [protocol.check_equal("x", 1, 2, why="")])
    code, doc = _run(tmp_path, "lora", "--device", "cpu")
    assert code == 1 and doc["status"] == "fail" and doc["message"] == "failed: x"


def test_a_lab_with_no_checks_is_not_a_pass(tmp_path, monkeypatch):
    import labs.lora.lab as lab

    monkeypatch.setattr(lab, "run", lambda ctx: [])
    code, doc = _run(tmp_path, "lora", "--device", "cpu")
    assert code == 2 and doc["status"] == "error"
