"""`studyapp lab list|run`: the contract, the saved runs, and cards that carry their lab."""
from __future__ import annotations

import sqlite3

import pytest

from studyapp import paths


def test_lab_list_json_and_cards_carry_their_lab(cli):
    result = cli("lab", "list", "--json")
    assert result.code == 0, result.err
    labs = {lab["id"]: lab for lab in result.json()}
    assert {"sampling", "precision", "memory", "lora"} <= set(labs)
    for lab in labs.values():
        assert set(lab) == {"id", "title", "notes", "modes", "last_status", "exercise_status"}
        assert lab["last_status"] is None and lab["exercise_status"] is None and "quick" in lab["modes"]
    cards = {c["slug"]: c for c in cli("cards", "--json").json() if c["kind"] == "basic"}
    listing = {}
    for lab_id, lab in labs.items():
        for slug in lab["notes"]:
            listing.setdefault(slug, []).append(lab_id)
    for slug, lab_ids in listing.items():
        assert cards[slug]["lab"] in lab_ids
    assert len(cards) == 38 and not [slug for slug, card in cards.items() if not card["lab"]]  # a lab for every note


def test_unknown_lab_is_a_clear_error(cli):
    result = cli("lab", "run", "alchemy")
    assert result.code == 2 and "alchemy" in result.err


@pytest.mark.slow
def test_lab_run_prints_the_result_document_and_saves_it(cli, home):
    result = cli("lab", "run", "precision", "--device", "cpu", "--json", timeout=300)
    assert result.code == 0, result.err
    doc = result.json()
    assert {"version", "lab", "status", "device", "torch", "seconds", "metrics", "checks", "message"} <= set(doc)
    assert doc["status"] == "pass" and len(doc["checks"]) >= 5
    assert all(set(c) >= {"name", "status", "expected", "measured", "message"} for c in doc["checks"])
    with sqlite3.connect(paths.collection_path(home)) as conn:
        assert conn.execute("SELECT lab_id, status FROM lab_run").fetchall() == [("precision", "pass")]
    labs = {lab["id"]: lab for lab in cli("lab", "list", "--json").json()}
    assert labs["precision"]["last_status"] == "pass"
