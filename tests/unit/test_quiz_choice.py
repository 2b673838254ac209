"""Multiple choice: exactly one correct option, no duplicates, no distractor equal to the answer."""
from __future__ import annotations

from random import Random

import pytest

from studyapp.deck import parse_file
from studyapp.deck.families import families, sibling_tiers, subjects
from studyapp.deck.plain_text import plain, squash
from studyapp.deck.repairs import load_facts, load_repairs
from studyapp.quiz import generate_quiz, grade
from studyapp.quiz.choice import make_items, option_index
from studyapp.resources import default_deck_path


@pytest.fixture(scope="module")
def notes():
    return parse_file(default_deck_path()).notes


@pytest.fixture(scope="module")
def items(notes):
    return make_items(notes, Random(11), load_repairs(), load_facts())


def by_slug(notes, slug):
    return next(n for n in notes if n.slug == slug)


def test_every_item_has_one_correct_option_and_no_duplicates(items):
    assert len(items) >= 20
    for item in items:
        keys = [squash(option) for option in item.options]
        assert 3 <= len(item.options) <= 4
        assert len(set(keys)) == len(keys), item.options
        assert keys.count(squash(item.answer)) == 1


def test_fact_items_have_exactly_one_true_statement(items):
    facts = load_facts()
    rights = {squash(f.right) for entries in facts.values() for f in entries}
    wrongs = {squash(f.wrong) for entries in facts.values() for f in entries if f.wrong}
    fact_items = [item for item in items if item.prompt.startswith("关于")]
    assert fact_items
    for item in fact_items:
        verdicts = [squash(option) in rights for option in item.options]
        assert verdicts.count(True) == 1 and item.options[verdicts.index(True)] == item.answer
        assert all(squash(option) in wrongs for option in item.options if option != item.answer)


def test_source_items_take_distractors_that_are_not_in_the_notes_text(notes, items):
    repairs = load_repairs()
    source_items = [item for item in items if item.prompt.startswith("下列哪一句出自")]
    assert len(source_items) >= 10
    for item in source_items:
        note = by_slug(notes, item.note)
        own = squash(plain(note.answer) + (repairs[note.slug].text if note.slug in repairs else ""))
        assert squash(item.answer) in own
        for option in item.options:
            if option != item.answer:
                assert squash(option) not in own, (item.note, option)


def test_term_items_from_the_sampling_table(notes, items):
    term_items = [item for item in items if item.prompt.startswith("下面的描述")]
    # Temperature's description says 温度值: the only option naming it would give the answer away.
    assert {item.note for item in term_items} == {"top-k-33e6c7", "top-p-86a7bb"}
    for item in term_items:
        assert sorted(item.options) == sorted(["Top-k抽样", "Top-p抽样", "Temperature"])
        assert item.answer == by_slug(notes, item.note).question


@pytest.mark.parametrize(("slug", "sibling"), [
    ("lora-502e3d", "prefix-tuning-nlp-ec30e7"),
    ("lora-bc5745", "p-tuning-v2-c5c518"),
    ("bf16-fp16-cc19cd", "ed12ca"),
    ("encoder-only-decoder-only-encoder-decode-188b8d", "gpt-bert-51bf02"),
    ("top-k-33e6c7", "top-p-86a7bb"),
])
def test_siblings_are_the_same_family_about_other_subjects(notes, slug, sibling):
    near, _ = sibling_tiers(by_slug(notes, slug), notes)
    assert sibling in [n.slug for n in near]
    for n in near:
        assert families(n) & families(by_slug(notes, slug))
        assert not subjects(n) & subjects(by_slug(notes, slug))


def test_relatives_and_same_subject_notes_are_never_distractor_sources(notes):
    near, rest = sibling_tiers(by_slug(notes, "lora-bc5745"), notes)
    slugs = {n.slug for n in near + rest}
    assert not slugs & {"lora-bc5745", "lora-502e3d", "lora-9f64e1", "qlora-lora-bc1c7a"}
    near, rest = sibling_tiers(by_slug(notes, "fda38b"), notes)
    assert not any(n.slug.startswith("fda38b") for n in near + rest)


def test_grading_accepts_letters_numbers_indexes_and_text(notes):
    item = generate_quiz(notes, 1, seed=4, types=["choice"])[0]
    right = item.options.index(item.answer)
    letter = "ABCD"[right]
    for response in (letter, letter.lower(), str(right + 1), right, item.answer, f" {item.answer} "):
        result = grade(item, response)
        assert result.correct and result.score == 1.0, response
        assert result.expected.startswith(f"{letter}. ")
    wrong = (right + 1) % len(item.options)
    assert not grade(item, wrong).correct
    assert not grade(item, "Z").correct and grade(item, "Z").message
    assert option_index(item, True) is None


def test_choice_json_has_options_and_no_numeric_fields(notes):
    for item in generate_quiz(notes, 20, seed=9, types=["choice"]):
        data = item.to_json()
        assert data["type"] == "choice" and data["options"] == list(item.options)
        assert data["answer"] in data["options"]
        assert not {"formula", "params", "tolerance", "unit", "cloze", "key_points"} & set(data)
