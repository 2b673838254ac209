"""Real processes at once on one collection: nothing fails, nothing is lost, locks are said as locks."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from studyapp import paths

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]

RATER = textwrap.dedent("""
    import json, sys, time
    from studyapp.store.collection import Collection
    home, seconds = sys.argv[1], float(sys.argv[2])
    done = failed = 0
    errors = []
    with Collection.open(home) as col:
        ids = [c.id for c in col.cards()]
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                col.rate(ids[done % len(ids)], 3)
                done += 1
            except Exception as error:
                failed += 1
                errors.append(repr(error)[:200])
    print(json.dumps({"done": done, "failed": failed, "errors": errors[:3]}))
""")

IMPORTER = textwrap.dedent("""
    import json, sys, time
    from studyapp.deck import parse_file
    from studyapp.store.collection import Collection
    home, seconds, doc = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    done = failed = 0
    errors = []
    deck = parse_file(doc)
    with Collection.open(home) as col:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                col.import_decks([(deck, doc)], as_new_deck=True)
                done += 1
            except Exception as error:
                failed += 1
                errors.append(repr(error)[:200])
    print(json.dumps({"done": done, "failed": failed, "errors": errors[:3]}))
""")


def spawn(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return json.loads(out)


def review_count(home: Path) -> int:
    with sqlite3.connect(paths.collection_path(home)) as conn:
        return conn.execute("SELECT count(*) FROM review_log").fetchone()[0]


def test_rating_while_importing_for_20_seconds_loses_nothing(tmp_path):
    home = tmp_path / "home"
    subprocess.run([sys.executable, "-m", "studyapp", "--home", str(home), "stats"], check=True, capture_output=True)
    doc = tmp_path / "doc.md"
    doc.write_text((REPO / "content" / "llm-basics.zh.md").read_text(encoding="utf-8"), encoding="utf-8")
    rater, importer = spawn(RATER, str(home), "20"), spawn(IMPORTER, str(home), "20", str(doc))
    rated, imported = finish(rater), finish(importer)
    assert rated["failed"] == 0 and imported["failed"] == 0, (rated, imported)
    assert rated["done"] > 20 and imported["done"] > 2
    assert review_count(home) == rated["done"]  # every answer that was acknowledged is there


def test_three_first_runs_at_once_create_one_collection(tmp_path):
    home = tmp_path / "fresh"
    procs = [subprocess.Popen([sys.executable, "-m", "studyapp", "--home", str(home), "stats", "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    for code, out, err in results:
        assert code == 0 and "Traceback" not in err and "damaged" not in err, err
        assert json.loads(out)["new_today"] >= 0
    with sqlite3.connect(paths.collection_path(home)) as conn:
        assert conn.execute("SELECT count(*) FROM deck").fetchone()[0] == 1  # the bundled deck, imported once


def test_a_long_held_lock_is_said_to_be_a_lock(tmp_path):
    home = tmp_path / "home"
    subprocess.run([sys.executable, "-m", "studyapp", "--home", str(home), "stats"], check=True, capture_output=True)
    blocker = sqlite3.connect(paths.collection_path(home), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        for args in (["rate", "1", "good"], ["import", str(REPO / "content" / "llm-basics.zh.md")], ["undo"]):
            start = time.monotonic()
            proc = subprocess.run([sys.executable, "-m", "studyapp", "--home", str(home), *args],
                                  capture_output=True, text=True, timeout=60, env=env)
            assert proc.returncode == 3, (args, proc.stderr)
            assert "another studyapp is writing" in proc.stderr and "Traceback" not in proc.stderr
            assert time.monotonic() - start >= 4  # it waited out the busy timeout first
    finally:
        blocker.rollback()
        blocker.close()
