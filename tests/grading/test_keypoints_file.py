"""The bundled key points: every note of the deck, readable ideas, and claims its own grader recognises."""
from __future__ import annotations

import re

import pytest

from studyapp.deck import parse_file
from studyapp.deck.repairs import load_facts
from studyapp.grading import bundled, grade_with
from studyapp.resources import default_deck_path

KEYS = bundled()


def test_every_note_of_the_bundled_deck_has_key_points_and_misconceptions():
    slugs = {note.slug for note in parse_file(default_deck_path()).notes}
    assert len(slugs) == 38 and set(KEYS) == slugs
    for keys in KEYS.values():
        assert len(keys.ideas) >= 2 and keys.misconceptions, keys.slug


def test_ideas_are_readable_text():
    for keys in KEYS.values():
        for text in [i.text for i in keys.ideas] + [m.claim for m in keys.misconceptions]:
            assert not re.search(r"\*\*|`|\$|\|", text) and not re.match(r"^[a-z0-9-]+$", text), text


@pytest.mark.parametrize("slug", sorted(KEYS))
def test_the_ideas_themselves_make_a_correct_answer_and_each_claim_is_caught(slug):
    keys = KEYS[slug]
    full = grade_with(keys, "，".join(idea.text for idea in keys.ideas))
    assert full.verdict == "correct" and full.contradicted == (), full
    for misconception in keys.misconceptions:
        assert misconception.claim in grade_with(keys, misconception.claim).contradicted


def test_every_wrong_fact_of_the_repairs_is_a_contradiction_and_every_right_one_is_not():
    for slug, facts in load_facts().items():
        for fact in facts:
            assert grade_with(KEYS[slug], fact.right).contradicted == (), fact.right
            if fact.wrong:
                assert grade_with(KEYS[slug], fact.wrong).contradicted, fact.wrong
