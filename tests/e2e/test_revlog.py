"""Importing a real review history and fitting FSRS to it."""
from __future__ import annotations

import pytest

from tests.conftest import SHARED

REAL_LOG = SHARED / "data" / "revlogs" / "review_logs_josh.csv"
needs_log = pytest.mark.skipif(not REAL_LOG.exists(), reason="../shared/data/revlogs/ is absent")


@needs_log
def test_import_revlog_creates_placeholder_cards_and_is_idempotent(cli):
    first = cli("import-revlog", str(REAL_LOG), "--json")
    assert first.code == 0, first.err
    assert first.json() == {"cards": 1205, "reviews": 12580, "already_imported": False,
                            "duplicates_dropped": 0}
    assert cli("import-revlog", str(REAL_LOG), "--json").json()["already_imported"] is True
    cards = cli("cards", "--json").json()
    imported = [c for c in cards if c["slug"].startswith("revlog-")]
    assert len(imported) == 1205
    assert all(c["state"] in ("learning", "review", "relearning") and c["stability"] for c in imported)
    assert cli("check").code == 0


@needs_log
@pytest.mark.slow
def test_optimize_fits_and_reports_both_parameter_sets(cli, tmp_path):
    lines = REAL_LOG.read_text().splitlines()
    small = tmp_path / "small.csv"
    small.write_text("\n".join(lines[:3001]) + "\n")
    assert cli("import-revlog", str(small)).code == 0
    result = cli("optimize", "--json", "--dry-run", timeout=300)
    assert result.code == 0, result.err
    report = result.json()
    for name in ("default", "fitted"):
        assert report[name]["reviews"] > 50
        assert 0 < report[name]["log_loss"] < 1 and 0 <= report[name]["rmse_bins"] < 0.5
    assert len(report["parameters"]) == 21 and report["saved"] is False


def test_bad_revlog_names_file_and_line(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("card_id,review_rating,review_time,review_duration\n1,3,2024-01-01T00:00:00+00:00,10\n1,7,x,1\n")
    result = cli("import-revlog", str(bad))
    assert result.code == 2 and f"{bad}:3:" in result.err
    missing = tmp_path / "cols.csv"
    missing.write_text("a,b\n1,2\n")
    result = cli("import-revlog", str(missing))
    assert result.code == 2 and "missing column" in result.err
