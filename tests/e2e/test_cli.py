"""The real `studyapp` command in a subprocess, against a collection in a temporary folder."""
from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp import paths


def test_first_command_imports_the_bundled_deck(cli):
    result = cli("cards", "--json")
    assert result.code == 0, result.err
    cards = result.json()
    assert len(cards) >= 30
    first = cards[0]
    assert set(first) >= {"id", "slug", "question", "section", "state", "due", "stability", "difficulty",
                          "retrievability", "lab"}
    assert first["state"] == "new"
    assert any(c["question"] == "Lora的原理" for c in cards)


def test_import_rate_undo_stats_round_trip(cli, tmp_path):
    doc = tmp_path / "mine.md"
    doc.write_text("Q: What does FSRS stand for?\nA: Free Spaced Repetition Scheduler.\n\n"
                   "Q: 什么是显存？\nA: GPU 上的内存。\n", encoding="utf-8")
    result = cli("import", str(doc), "--json")
    assert result.code == 0, result.err
    assert result.json() == {"added": 2, "updated": 0, "unchanged": 0, "retired": 0, "notes": 2, "cards": 2,
                             "warnings": []}
    again = cli("import", str(doc), "--json").json()
    assert (again["added"], again["unchanged"]) == (0, 2)

    card = next(c for c in cli("cards", "--json").json() if c["question"] == "什么是显存？")
    rated = cli("rate", str(card["id"]), "good", "--at", "2026-03-02T09:00:00+00:00", "--json")
    assert rated.code == 0, rated.err
    assert rated.json()["state"] == "learning"
    assert rated.json()["due"].startswith("2026-03-02T09:10")
    stats = cli("stats", "--json").json()
    assert {"due_today", "new_today", "learning", "reviews_today", "retention_30d", "streak_days"} <= set(stats)
    undone = cli("undo", "--json")
    assert undone.code == 0 and undone.json()["undone"]["card_id"] == card["id"]
    assert cli("undo").code == 1


def test_malformed_document_exits_2_names_the_line_and_touches_nothing(cli, home, tmp_path):
    cli("cards", "--json")
    before = paths.collection_path(home).read_bytes()
    bad = tmp_path / "bad.md"
    bad.write_bytes("Q: fine?\nA: yes\n".encode() + b"Q: \xff\xfe broken\nA: no\n")
    result = cli("import", str(bad))
    assert result.code == 2
    assert f"{bad}:3:" in result.err
    assert paths.collection_path(home).read_bytes() == before


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "empty"),
        (b"just prose, no questions at all\n", "no questions"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"Q: same?\nA: one\n\nQ: same?\nA: two\n", "duplicate"),
    ],
)
def test_bad_documents_are_refused_clearly(cli, tmp_path, content, expected):
    doc = tmp_path / "doc.md"
    doc.write_bytes(content)
    result = cli("import", str(doc))
    assert result.code == 2
    assert str(doc) in result.err and expected in result.err.lower()


def test_missing_path_and_directory(cli, tmp_path):
    assert cli("import", str(tmp_path / "nope.md")).code == 2
    result = cli("import", str(tmp_path))
    assert result.code == 2 and str(tmp_path) in result.err


def test_unknown_card_and_unknown_rating(cli):
    assert cli("rate", "999999", "good").code == 2
    result = cli("rate", "1", "superb")
    assert result.code == 2 and "again, hard, good, easy" in result.err


def test_corrupted_database_names_the_latest_backup(cli, home):
    assert cli("backup").code == 0
    db = paths.collection_path(home)
    db.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    result = cli("stats")
    assert result.code == 7  # damaged: its own exit code, not a lock's or a permission's
    assert "damaged" in result.err and "verified backup" in result.err and "backups" in result.err
    assert "Traceback" not in result.err


def _as_unprivileged_user() -> list[str] | None:
    """A prefix that runs a command as `nobody` when this test runs as root (root ignores folder permissions)."""
    import os
    import shutil

    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run(prefix + [sys.executable, "-c", "import studyapp.cli"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def test_home_that_is_not_writable(tmp_path):
    import tempfile

    prefix = _as_unprivileged_user()
    if prefix is None:
        pytest.skip("cannot drop root privileges here, and root ignores folder permissions")
    base = Path(tempfile.mkdtemp(dir="/tmp"))
    base.chmod(0o755)
    locked = base / "locked"
    locked.mkdir(mode=0o555)
    try:
        proc = subprocess.run(
            prefix + [sys.executable, "-m", "studyapp", "--home", str(locked), "stats"],
            capture_output=True, text=True, timeout=120,
        )
        assert proc.returncode == 5  # permission
        assert str(locked) in proc.stderr and "not writable" in proc.stderr
    finally:
        locked.chmod(0o700)
        shutil.rmtree(base)


def test_check_and_doctor(cli):
    assert cli("check").code == 0
    doctor = cli("doctor", "--json")
    assert doctor.code == 0, doctor.err
    report = doctor.json()
    assert report["schema"] == report["schema_head"] and "torch" in report and "cuda" in report


def test_check_reports_a_broken_card_state(cli, home):
    cli("cards")
    with sqlite3.connect(paths.collection_path(home)) as conn:
        conn.execute("UPDATE card SET state = 2, stability = NULL WHERE id = 1")
    result = cli("check")
    assert result.code == 1 and "without stability" in result.out


@pytest.mark.parametrize("argv", [["--help"], ["cards", "--help"]])
def test_help_never_imports_torch_or_transformers(argv):
    code = (
        "import sys\nfrom studyapp.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'transformers', 'sqlalchemy') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "HEAVY []" in out


def test_cards_and_stats_do_not_import_torch(home):
    code = (
        "import sys\nfrom studyapp.cli import main\n"
        f"main(['--home', {str(home)!r}, 'stats', '--json'])\n"
        "print('HEAVY', [m for m in ('torch', 'transformers') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "HEAVY []" in out


def test_cards_and_stats_read_as_english(cli, tmp_path):
    doc = tmp_path / "one.md"
    doc.write_text("Q: What does FSRS stand for?\nA: Free Spaced Repetition Scheduler.\n", encoding="utf-8")
    cli("import", str(doc))
    card = next(c for c in cli("cards", "--json").json() if c["question"] == "What does FSRS stand for?")
    listing = cli("cards").out.splitlines()
    new_line = next(line for line in listing if "What does FSRS" in line)
    assert "R=0.00" not in new_line and "R=  –" in new_line  # a new card has no recall figure yet
    cli("rate", str(card["id"]), "good", "--at", "2026-03-02T09:00:00+00:00")
    rated = next(line for line in cli("cards").out.splitlines() if "What does FSRS" in line)
    assert re.search(r"R=[01]\.\d\d", rated)  # studied: now it has one
    assert listing[-1].endswith(" cards")
    stats = cli("stats").out
    assert "streak 0 days" in stats or "streak 1 day\n" in stats
    assert "1 days" not in stats and "1 cards" not in stats
