"""What a teacher would keep, checked on the quizzes a learner gets (seeds 1–5, 30 items) and on the
whole bundled deck: blanks are terms, answers are not printed elsewhere, choice items test knowledge
with distractors of the same family, numbers sit on their note with a tolerance the prompt promises,
and every note is asked about."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest

from studyapp.deck import parse_file
from studyapp.deck.families import families
from studyapp.deck.plain_text import squash
from studyapp.deck.repairs import load_additions
from studyapp.quiz import cloze, generate_quiz
from studyapp.quiz.choice import is_source_item
from studyapp.quiz.terms import note_terms, occurrences
from studyapp.resources import default_deck_path

SEEDS = range(1, 6)
CJK = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_/%-]*")
# Each subject as a learner would spot it in an option, in both languages (independent of the generator).
TOPIC_NAMES = {
    "qlora-lora-bc1c7a": ("qlora", "量化 lora"),
    "lora-bc5745": ("lora", "低秩适配"),
    "p-tuning-v2-c5c518": ("p-tuning v2",),
    "prompt-tuning-3d8081": ("prompt tuning", "prompt-tuning"),
    "top-p-86a7bb": ("top-p", "nucleus"),
    "top-k-33e6c7": ("top-k",),
    "temperature-7033e9": ("temperature", "温度"),
    "rlhf-rm-339b6a": ("rlhf",),
    "bf16-fp16-cc19cd": ("bf16", "bfloat16"),
    "cot-chain-of-thought-288001": ("cot", "思维链", "chain-of-thought"),
    "tokenizer-ce4671": ("tokenizer", "分词器"),
    "oov-out-of-vocabulary-f6167e": ("oov",),
}


@pytest.fixture(scope="module")
def notes():
    return parse_file(default_deck_path()).notes


@pytest.fixture(scope="module")
def quizzes(notes):
    return {seed: generate_quiz(notes, count=30, seed=seed) for seed in SEEDS}


def all_items(quizzes):
    return [item for quiz in quizzes.values() for item in quiz]


def visible(item) -> str:
    return "\n".join([item.prompt, *(item.options or ())])


def test_cloze_blanks_are_terms_not_clauses(quizzes):
    clozes = [item for item in all_items(quizzes) if item.type == "cloze"]
    assert len(clozes) >= 20
    for item in clozes:
        answer = item.answer
        assert len(CJK.findall(answer)) <= 12 and len(WORD.findall(answer)) <= 4, answer
        assert not re.search(r"[，。；：,;:]|这样的", answer), answer
        assert "［……］" in item.prompt


def test_cloze_blanks_come_from_many_notes(quizzes):
    for quiz in quizzes.values():
        clozes = [item for item in quiz if item.type == "cloze"]
        assert len({item.note for item in clozes}) == len(clozes)  # never two blanks of one note in a quiz
    assert len({item.note for item in all_items(quizzes) if item.type == "cloze"}) >= 15


def test_a_cloze_answer_appears_in_no_other_item_of_its_quiz(quizzes):
    for quiz in quizzes.values():
        for item in (i for i in quiz if i.type == "cloze"):
            assert not occurrences(item.answer, item.prompt), item.prompt  # the blank hides its only occurrence
            for other in quiz:
                if other is not item:
                    assert not occurrences(item.answer, visible(other)), (item.answer, other.prompt)


def test_at_most_one_choice_item_in_five_asks_where_a_sentence_comes_from(quizzes):
    for quiz in quizzes.values():
        choices = [item for item in quiz if item.type == "choice"]
        assert choices
        assert sum(is_source_item(item) for item in choices) * 5 <= len(choices)


def test_distractors_come_from_the_same_topic_family(notes, quizzes):
    """Every option of a fact or blank item is a statement or term of a note of the item's own family."""
    additions = load_additions()
    origin = defaultdict(set)  # option text -> the notes it comes from
    for slug, facts in additions.facts.items():
        for fact in facts:
            origin[squash(fact.right)].add(slug)
            if fact.wrong:
                origin[squash(fact.wrong)].add(slug)
    for note in notes:  # curated terms and the bold phrases that are terms
        for term in note_terms(note, additions.terms):
            origin[squash(term.main)].add(note.slug)
    by_slug = {note.slug: note for note in notes}
    checked = 0
    for item in all_items(quizzes):
        if item.type != "choice" or not item.prompt.startswith(("关于", "选择填空")):
            continue
        mine = families(by_slug[item.note])
        for option in item.options:
            if option == item.answer:
                continue
            sources = origin[squash(option)]
            assert sources, option
            assert any(slug == item.note or families(by_slug[slug]) & mine for slug in sources), (item.prompt, option)
            checked += 1
    assert checked >= 30


def test_no_option_gives_the_answer_away_by_naming_the_topic(quizzes):
    for item in all_items(quizzes):
        if item.type != "choice" or item.note not in TOPIC_NAMES:
            continue
        if not any(name in item.prompt.lower() for name in TOPIC_NAMES[item.note]):
            continue  # "which one does this describe?": the options are names by design
        for name in TOPIC_NAMES[item.note]:
            naming = [option for option in item.options if name in option.lower()]
            assert naming != [item.answer], (item.prompt, item.options)


def test_no_option_is_a_fragment(quizzes):
    pairs = (("（", "）"), ("(", ")"), ("「", "」"), ("“", "”"))
    for item in all_items(quizzes):
        for option in item.options or ():
            assert all(option.count(a) == option.count(b) for a, b in pairs), option
            assert not option.rstrip().endswith(("，", "、", "：", ":", "；", ";", ",")), option
            assert not re.match(r"^[a-z][.)、]", option), option


def test_numeric_items_sit_on_the_note_they_test_with_the_tolerance_the_prompt_promises(notes):
    by_slug = {note.slug: note for note in notes}
    expected_note = {
        "inference_memory": "处理模型参数", "training_memory_adamw_mixed": "模型训练时，显存占用",
        "optimizer_memory": "处理优化器", "lora_params": "Lora的原理", "matmul_flops": "FLOPs",
        "training_flops": "FLOPs",
    }
    numeric = generate_quiz(notes, count=100, seed=3, types=["numeric"])
    assert {item.formula for item in numeric} == set(expected_note)
    for item in numeric:
        question = by_slug[item.note].question
        assert expected_note[item.formula] in question, (item.formula, question)
        assert "RLHF" not in question
        asks_about = "约" in item.prompt.split("（可写成")[0]
        assert item.tolerance == pytest.approx(0.10 if asks_about else 0.02), item.prompt


@pytest.mark.parametrize("types", [None, ["free"]])
def test_a_long_quiz_covers_every_note_of_the_deck(notes, types):
    assert len(notes) == 38
    quiz = generate_quiz(notes, count=200, seed=1, types=types)
    assert {item.note for item in quiz} == {note.slug for note in notes}


def test_every_note_yields_a_free_item_and_at_least_two_item_types(notes):
    kinds = defaultdict(set)
    for kind in ("cloze", "choice", "numeric", "truefalse", "free"):
        for item in generate_quiz(notes, count=1000, seed=2, types=[kind]):
            kinds[item.note].add(kind)
    for note in notes:
        assert "free" in kinds[note.slug] and len(kinds[note.slug]) >= 2, (note.slug, kinds[note.slug])
    # blanks are drawn from every note (one quiz cannot take them all: answers would show in other items)
    additions = load_additions()
    blanked = {item.note for item in cloze.make_items(notes, additions.repairs, additions.facts, additions.terms)}
    assert blanked == {note.slug for note in notes}


def test_free_key_points_are_ideas_not_document_sentences(notes):
    from studyapp.grading.grader import keys_for

    for item in generate_quiz(notes, count=100, seed=1, types=["free"]):
        assert len(item.key_points) >= 2
        curated = keys_for(item.note)
        if curated is not None:  # the team's ideas, each written as one idea
            assert item.key_points == tuple(idea.text for idea in curated.ideas)
            continue
        for point in item.key_points:
            assert len(CJK.findall(point.split("|")[0])) <= 16, (item.note, point)
