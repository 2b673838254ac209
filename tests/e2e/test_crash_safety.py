"""SIGKILL in the middle of a run of answers: every review is wholly there or wholly absent."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

from studyapp import paths
from studyapp.store.collection import Collection, integrity_problems

RATER = """
import sys, itertools
from datetime import datetime, timedelta, timezone
from studyapp.store.collection import Collection
col = Collection.open(sys.argv[1])
ids = [c.id for c in col.cards()]
t = datetime(2026, 3, 2, tzinfo=timezone.utc)
for n, card in enumerate(itertools.cycle(ids)):
    col.rate(card, 1 + n % 4, t + timedelta(minutes=n))
    print(n, flush=True)
"""


def test_sigkill_during_a_series_of_rate_calls_leaves_whole_reviews(home):
    Collection.open(home).close()
    proc = subprocess.Popen([sys.executable, "-c", RATER, str(home)], stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    answered = 0
    while answered < 40 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        answered += 1
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert answered >= 40, "the rater did not get going"

    db = paths.collection_path(home)
    assert integrity_problems(db) == []
    with sqlite3.connect(db) as conn:
        mismatched = conn.execute(
            """
            SELECT c.id, c.reps, COUNT(r.id), c.last_review, MAX(r.reviewed_at)
            FROM card c LEFT JOIN review_log r ON r.card_id = c.id
            GROUP BY c.id
            HAVING c.reps != COUNT(r.id) OR IFNULL(c.last_review, '') != IFNULL(MAX(r.reviewed_at), '')
            """
        ).fetchall()
        logged = conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
    assert mismatched == []
    assert logged >= answered
    check = subprocess.run([sys.executable, "-m", "studyapp", "--home", str(home), "check"], capture_output=True,
                           text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
