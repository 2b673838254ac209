"""Edges a careless user or a script reaches: odd terminals, impossible times, pipes, stdin, history files."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp import paths

REPO = Path(__file__).resolve().parents[2]
DECK = REPO / "content" / "llm-basics.zh.md"


def run(home, *args, env=None, stdin=None, input_text=None):
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "studyapp", "--home", str(home), *args], capture_output=True,
                          text=True, timeout=120, env=full_env, stdin=stdin, input=input_text)


@pytest.mark.parametrize("env", [{"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
                                 {"PYTHONIOENCODING": "ascii"}], ids=["C-locale", "ascii"])
@pytest.mark.parametrize("args", [["cards"], ["cards", "--json"], ["stats"], ["lint"]], ids=" ".join)
def test_an_ascii_terminal_gets_escapes_not_a_crash(tmp_path, env, args):
    proc = subprocess.run([sys.executable, "-m", "studyapp", "--home", str(tmp_path), *args], capture_output=True,
                          timeout=120, env={**os.environ, **env})
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr
    if "--json" in args:
        cards = json.loads(proc.stdout.decode("ascii"))  # \u escapes: still exact JSON
        assert any("抽样" in card["question"] for card in cards)


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00", "2999-01-01T00:00:00",
                                "yesterday", "2026-01-01T00:00:00+25:00"])
def test_an_impossible_answer_time_is_refused(tmp_path, at):
    proc = run(tmp_path, "rate", "1", "good", "--at", at)
    assert proc.returncode == 2 and proc.stderr.startswith("studyapp: --at:") and "Traceback" not in proc.stderr


@pytest.mark.parametrize("card", ["99999999999999999999999", "0", "-1"])
def test_a_card_id_out_of_range_is_no_such_card(tmp_path, card):
    proc = run(tmp_path, "rate", card, "good")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr


def test_the_app_refuses_a_pipe_and_json(tmp_path):
    for args in (["review", "--json"], ["review"], []):
        proc = run(tmp_path, *args, stdin=subprocess.DEVNULL)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, (args, proc.stderr)
        assert "terminal" in proc.stderr or "JSON" in proc.stderr
        assert "\x1b[" not in proc.stdout  # nothing drawn into the pipe


def test_stdin_is_one_deck_across_imports(tmp_path):
    text = "Q: 管道里的问题？\nA: 一个答案。\n\nQ: 第二个问题？\nA: 另一个。\n"
    assert run(tmp_path, "import", "-", stdin=None, input_text=text).returncode == 2  # --deck is needed
    first = run(tmp_path, "import", "-", "--deck", "pipe", "--json", input_text=text)
    again = run(tmp_path, "import", "-", "--deck", "pipe", "--json", input_text=text)
    assert first.returncode == 0 and again.returncode == 0, again.stderr
    assert json.loads(first.stdout)["added"] == 2 and json.loads(again.stdout)["unchanged"] == 2


def test_a_moved_document_keeps_its_notes_and_warns(tmp_path):
    old, new = tmp_path / "old.md", tmp_path / "moved" / "new.md"
    old.write_text(DECK.read_text(encoding="utf-8"), encoding="utf-8")
    assert run(tmp_path / "h", "import", str(old)).returncode == 0
    new.parent.mkdir()
    old.rename(new)
    proc = run(tmp_path / "h", "import", str(new), "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["added"] == 0
    assert "warning" in proc.stderr and "--as-new-deck" in proc.stderr


def test_a_history_import_adds_no_card_to_the_queue(tmp_path):
    history = tmp_path / "h.csv"
    history.write_text("\ufeffcard_id,review_rating,review_time,review_duration\n"
                       + "".join(f"{i},3,2024-03-0{1 + i % 5}T10:00:00+00:00,4000\n" for i in range(40))
                       + "99,3,2024-03-03T10:00:00+00:00,4000\n" * 2,  # an exact repeat
                       encoding="utf-8")
    before = json.loads(run(tmp_path, "stats", "--json").stdout)
    proc = run(tmp_path, "import-revlog", str(history), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["duplicates_dropped"] == 1
    after = json.loads(run(tmp_path, "stats", "--json").stdout)
    assert {k: after[k] for k in ("due_today", "new_today")} == {k: before[k] for k in ("due_today", "new_today")}
    with sqlite3.connect(paths.collection_path(tmp_path)) as conn:
        hidden = conn.execute("SELECT count(*) FROM card WHERE tags LIKE '%imported-history%' AND suspended = 1")
        assert hidden.fetchone()[0] == 41


def test_lint_names_fences_and_invisible_characters(tmp_path):
    doc = tmp_path / "d.md"
    doc.write_text("- **Q1?**\n    A1\n- **Q2\u200b?**\n    ```python\n    x = 1\n    ~~~\n- **Q3?**\n    A3\n",
                   encoding="utf-8")
    proc = run(tmp_path, "lint", str(doc), "--json")
    kinds = {(p["line"], p["kind"]) for p in json.loads(proc.stdout)["problems"]}
    assert {(3, "invisible_character"), (4, "unclosed_fence"), (6, "mismatched_fence")} <= kinds
