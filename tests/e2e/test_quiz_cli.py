"""`studyapp quiz --json`: the contract other tools rely on."""
from __future__ import annotations

TYPES = {"cloze", "choice", "numeric", "truefalse", "free"}


def test_quiz_json_is_reproducible_mixed_and_without_repeats(cli):
    first = cli("quiz", "--count", "12", "--seed", "5", "--json")
    assert first.code == 0, first.err
    items = first.json()["items"]
    assert len(items) == 12
    assert cli("quiz", "--count", "12", "--seed", "5", "--json").json()["items"] == items
    assert len({(i["type"], i["note"], i["prompt"]) for i in items}) == 12
    assert {i["type"] for i in items} == TYPES
    for item in items:
        assert item["type"] in TYPES and item["note"] and item["prompt"]
        if item["type"] == "numeric":
            assert {"formula", "params", "tolerance"} <= set(item)
        if item["type"] == "choice":
            assert item["answer"] in item["options"] and len(set(item["options"])) == len(item["options"])
        else:
            assert "options" not in item
    assert cli("quiz", "--count", "12", "--seed", "6", "--json").json()["items"] != items


def test_quiz_types_filter_and_bad_type(cli):
    items = cli("quiz", "--count", "4", "--seed", "1", "--types", "numeric", "--json").json()["items"]
    assert {i["type"] for i in items} == {"numeric"}
    bad = cli("quiz", "--types", "essay")
    assert bad.code == 2 and "essay" in bad.err


def test_a_long_quiz_asks_about_every_note_of_the_bundled_deck(cli):
    mixed = cli("quiz", "--count", "200", "--seed", "1", "--json")
    assert mixed.code == 0, mixed.err
    free = cli("quiz", "--count", "200", "--seed", "1", "--types", "free", "--json").json()["items"]
    assert len({i["note"] for i in mixed.json()["items"]}) == 38
    assert len({i["note"] for i in free}) == 38 and {i["type"] for i in free} == {"free"}
