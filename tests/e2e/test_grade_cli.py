"""`studyapp grade` in a subprocess: the JSON document, stdin, and exit 2 for an unknown note."""
from __future__ import annotations

import json
import subprocess
import sys

RM = "rlhf-rm-339b6a"


def run(tmp_path, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "studyapp", "--home", str(tmp_path / "home"), *args],
                          input=stdin, capture_output=True, text=True, timeout=120)


def test_json_shape_and_verdict(tmp_path):
    done = run(tmp_path, "grade", RM, "--answer", "不一定，RM 只是代理，会 reward hacking，真实效果先升后降", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"note", "score", "verdict", "found", "missed", "contradicted"}
    assert result["note"] == RM and result["verdict"] == "correct" and 0.75 <= result["score"] <= 1
    assert "真实效果先升后降（RM 分数还在涨）" in result["found"] and result["contradicted"] == []
    assert all("|" not in idea and "**" not in idea for idea in result["found"] + result["missed"])


def test_the_answer_from_stdin(tmp_path):
    done = run(tmp_path, "grade", RM, "--answer", "-", "--json", stdin="一定会更好，不存在过优化问题\n")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["verdict"] == "wrong" and "奖励模型的分数越高，真实效果就一定越好" in result["contradicted"]


def test_plain_output(tmp_path):
    done = run(tmp_path, "grade", RM, "--answer", "不一定，会 reward hacking")
    assert done.returncode == 0 and done.stdout.startswith("unsure") and "judge your answer" in done.stdout


def test_an_unknown_slug_exits_2_with_a_clear_message(tmp_path):
    done = run(tmp_path, "grade", "no-such-note", "--answer", "x", "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert "no note with slug 'no-such-note'" in done.stderr and "Traceback" not in done.stderr
