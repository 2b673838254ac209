"""`studyapp lab start|check|hint|solution` through the real CLI in a subprocess, and cards that carry their lab."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from studyapp.labrunner.lab_result import CheckResult, LabResult
from studyapp.store.collection import Collection


def test_start_puts_the_exercise_in_the_data_folder_and_never_overwrites_it(cli, home):
    first = cli("lab", "start", "sampling", "--json")
    assert first.code == 0, first.err
    path = home / "labs" / "sampling" / "exercise.py"
    assert first.json() == {"path": str(path), "created": True, "backup": None}
    assert "def apply_temperature(" in path.read_text(encoding="utf-8")
    path.write_text("# my work\n", encoding="utf-8")
    again = cli("lab", "start", "sampling")
    assert again.code == 0 and again.out.strip() == str(path)
    assert "already exists and was kept" in again.err
    assert path.read_text(encoding="utf-8") == "# my work\n"
    forced = cli("lab", "start", "sampling", "--force", "--json").json()
    assert forced["created"] and open(forced["backup"], encoding="utf-8").read() == "# my work\n"
    assert "def apply_temperature(" in path.read_text(encoding="utf-8")


def test_a_workspace_is_remembered_for_check(cli, tmp_path):
    ws = tmp_path / "my labs"
    path = cli("lab", "start", "lora", "--workspace", str(ws), "--json").json()["path"]
    assert path == str((ws / "lora" / "exercise.py").resolve())
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("def merge_weight(:\n")
    result = cli("lab", "check", "lora", "--json")  # no --file: the remembered workspace copy
    assert result.code == 2
    assert result.json()["message"].startswith(f"{path}:1: syntax error")
    again = cli("lab", "start", "lora", "--json").json()  # no --workspace: the same file, kept
    assert again == {"path": path, "created": False, "backup": None}


def test_check_without_a_file_and_with_a_syntax_error_exit_2_and_say_why(cli, home, tmp_path):
    missing = cli("lab", "check", "sampling")
    assert missing.code == 2 and "studyapp lab start sampling" in missing.out
    broken = tmp_path / "broken.py"
    broken.write_text("import torch\n\ndef apply_temperature(logits, t)\n    return logits / t\n", encoding="utf-8")
    result = cli("lab", "check", "sampling", "--file", str(broken))
    assert result.code == 2 and f"{broken}:3: syntax error" in result.out
    assert "Traceback" not in result.err
    listed = {lab["id"]: lab for lab in cli("lab", "list", "--json").json()}
    assert listed["sampling"]["exercise_status"] == "error" and listed["sampling"]["last_status"] is None
    with Collection.open(home) as col:  # both attempts are stored, marked as such
        assert [(r["status"], r["exercise"]) for r in col.lab_runs("sampling")] == [("error", True)] * 2


def test_unknown_lab_is_a_clear_error(cli):
    for action in ("start", "check", "hint", "solution"):
        result = cli("lab", action, "alchemy")
        assert result.code == 2 and "alchemy" in result.err and "Traceback" not in result.err


def test_hints_come_one_at_a_time_and_are_counted_per_lab(cli):
    shown = [cli("lab", "hint", "sampling", "--json").json() for _ in range(2)]
    assert [h["number"] for h in shown] == [1, 2] and shown[0]["of"] >= 2
    assert shown[0]["hint"] != shown[1]["hint"]
    assert cli("lab", "hint", "lora", "--json").json()["number"] == 1  # another lab, its own count
    text = cli("lab", "hint", "sampling")
    assert text.code == 0 and text.out.startswith(f"Hint 3 of {shown[0]['of']} (sampling):")


def test_the_solution_waits_for_a_checked_attempt(cli, home):
    refused = cli("lab", "solution", "sampling", "--json")
    assert refused.code == 1 and refused.json()["shown"] is False
    assert "studyapp lab check sampling" in refused.json()["reason"]
    with Collection.open(home) as col:  # an unfinished attempt is not enough; a failed one is
        col.save_lab_run(LabResult("sampling", "error", "unfinished"), exercise=True)
    assert cli("lab", "hint", "sampling", "--solution").code == 1
    with Collection.open(home) as col:
        col.save_lab_run(LabResult("sampling", "fail", "failed: t", (CheckResult("t", "fail", "exercise", 1, 2, ""),)),
                         exercise=True)
    shown = cli("lab", "solution", "sampling")
    assert shown.code == 0
    assert "def apply_temperature(" in shown.out and "def top_p_filter(" in shown.out
    assert "from labs.sampling.filters" in shown.out and "NotImplementedError" not in shown.out


def test_cards_json_gives_children_their_parents_lab(cli):
    labs = {lab["id"]: lab for lab in cli("lab", "list", "--json").json()}
    own = {slug: lab_id for lab_id, lab in labs.items() for slug in lab["notes"]}
    cards = cli("cards", "--json").json()
    by_slug = {c["slug"]: c for c in cards}
    assert by_slug["fda38b--activations-4e1393"]["lab"] == "memory"
    children = [c for c in cards if "--" in c["slug"]]
    assert children
    for card in cards:
        parent = card["slug"].split("--")[0]
        expected = own.get(card["slug"]) or own.get(parent)
        if expected is not None:
            assert card["lab"] == expected, card["slug"]


@pytest.mark.slow
def test_an_unfinished_exercise_names_the_first_function_to_write(cli, home):
    cli("lab", "start", "sampling")
    result = cli("lab", "check", "sampling", "--device", "cpu", timeout=300)
    assert result.code == 2, result.err
    assert "unfinished: apply_temperature still raises NotImplementedError" in result.out
    assert "top_k_filter, top_p_filter" in result.out and "Traceback" not in result.err


def _read_json_line(proc, deadline: float) -> dict:
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip().startswith("{"):
            return json.loads(line)
        if not line and proc.poll() is not None:
            break
    raise AssertionError(f"no result from --watch; stderr: {proc.stderr.read()[-2000:]}")


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_watch_checks_again_on_every_save_until_ctrl_c(home, tmp_path, stop):
    path = tmp_path / "exercise.py"
    path.write_text("def apply_temperature(:\n", encoding="utf-8")  # a syntax error: judged without a lab process
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "studyapp", "--home", str(home), "lab", "check", "sampling",
                             "--file", str(path), "--watch", "--json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 90
        first = _read_json_line(proc, deadline)
        assert first["status"] == "error" and first["message"].startswith(f"{path}:1: syntax error")
        time.sleep(0.5)  # the watcher is up once the first result is out; let it settle
        path.write_text("import torch\n\n\ndef top_k_filter(logits, k)\n    pass\n", encoding="utf-8")
        second = _read_json_line(proc, deadline)
        assert second["message"].startswith(f"{path}:4: syntax error") and second["id"] == first["id"] + 1
        proc.send_signal(stop)
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    err = proc.stderr.read()
    assert "Traceback" not in err and "stopped watching" in err
    assert code == 2  # the last result: could not run
