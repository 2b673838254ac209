"""The repairs file: the bundled one covers every lint problem of the bundled deck; a malformed one
fails with the file and the field named."""
from __future__ import annotations

import pytest

from studyapp.deck import lint_file, parse_file
from studyapp.deck.repairs import KINDS, RepairsError, load_additions, load_facts, load_repairs, repaired_kinds
from studyapp.resources import default_deck_path

GOOD_ENTRY = '''
[repairs."lora-bc5745"]
fixes = ["dropped_formula"]
text = "W0 + BA"
sources = ["Hu et al. 2021"]
'''


@pytest.fixture(scope="module")
def bundled_notes():
    return parse_file(default_deck_path()).notes


def write(tmp_path, text: str):
    path = tmp_path / "repairs.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_repairs_load_and_name_known_kinds():
    repairs = load_repairs()
    assert repairs, "the bundled repairs file has entries"
    for slug, repair in repairs.items():
        assert repair.slug == slug
        assert repair.fixes <= KINDS
        assert repair.text and repair.sources


def test_every_lint_problem_of_the_bundled_deck_is_repaired():
    problems = lint_file(default_deck_path(), repairs=repaired_kinds(load_repairs()))
    assert problems, "the bundled deck has known gaps"
    open_ = [(p.line, p.kind, p.slug) for p in problems if not p.repaired]
    assert open_ == []


def test_every_repair_is_needed_by_a_problem_of_its_note():
    """No stale entries: each repair's slug and kinds match a problem lint finds (the key "" = no note)."""
    found: dict[str, set[str]] = {}
    for problem in lint_file(default_deck_path()):
        found.setdefault(problem.slug or "", set()).add(problem.kind)
    for slug, repair in load_repairs().items():
        assert slug in found, f"repair for {slug!r}, which has no problem (slug changed?)"
        assert repair.fixes <= found[slug], f"{slug}: fixes {sorted(repair.fixes - found[slug])} not found by lint"


def test_the_named_gaps_are_filled_with_the_checked_numbers():
    repairs = load_repairs()
    optimizer = next(r for s, r in repairs.items() if s.startswith("fda38b--optimizer-state"))
    for needle in ("12 字节", "6 字节", "8 字节", "16 字节", "动量：1 字节"):
        assert needle in optimizer.text
    lora = repairs["lora-bc5745"].text
    for needle in (r"W_0 \in \mathbb{R}^{d \times k}", r"\Delta W = BA", r"B \in \mathbb{R}^{d \times r}",
                   r"A \in \mathbb{R}^{r \times k}", r"r \ll \min(d, k)", r"\alpha / r", "初始化为 0"):
        assert needle in lora
    assert "Gao" in repairs["rlhf-rm-339b6a"].text and "先升后降" in repairs["rlhf-rm-339b6a"].text
    assert "2 + 2 + 12 = 16" in repairs["5e5177"].text
    for model in ("Actor", "Critic", "Reward Model", "Reference Model"):
        assert model in repairs["rlhf-rl-sft-e2b92c"].text


def test_every_fact_is_about_a_note_of_the_bundled_deck(bundled_notes):
    slugs = {note.slug for note in bundled_notes}
    facts = load_facts()
    assert facts
    for slug, entries in facts.items():
        assert slug in slugs
        for fact in entries:
            assert fact.right and fact.source and fact.right != fact.wrong


def test_repaired_kinds_has_the_shape_lint_takes(tmp_path):
    repairs = load_repairs(write(tmp_path, GOOD_ENTRY))
    assert repaired_kinds(repairs) == {"lora-bc5745": {"dropped_formula"}}


@pytest.mark.parametrize(("text", "field", "words"), [
    (GOOD_ENTRY.replace('"dropped_formula"', '"missing_picture"'), 'repairs."lora-bc5745".fixes[0]', "unknown problem kind"),
    (GOOD_ENTRY.replace('text = "W0 + BA"\n', ""), 'repairs."lora-bc5745".text', "missing required field"),
    (GOOD_ENTRY.replace('sources = ["Hu et al. 2021"]', 'sources = "Hu et al. 2021"'), 'repairs."lora-bc5745".sources', "must be a list"),
    (GOOD_ENTRY.replace("fixes =", "fix ="), 'repairs."lora-bc5745".fix', "unknown field"),
    (GOOD_ENTRY.replace('fixes = ["dropped_formula"]', "fixes = []"), 'repairs."lora-bc5745".fixes', "at least one"),
    (GOOD_ENTRY.replace('"lora-bc5745"', '"Lora 的原理"'), 'repairs."Lora 的原理"', "not a note slug"),
    ('version = 2\n' + GOOD_ENTRY, "version", "unsupported version"),
    ('[[facts."lora-bc5745"]]\nright = "B 初始化为 0"\n', 'facts."lora-bc5745"[0].source', "missing required field"),
    ('[facts."lora-bc5745"]\nright = "x"\nsource = "y"\n', 'facts."lora-bc5745"', "array of tables"),
    ('repair = 1\n', "repair", "unknown top-level field"),
    ('[terms]\n"lora-bc5745" = "低秩"\n', 'terms."lora-bc5745"', "non-empty list"),
    ('[terms]\n"lora-bc5745" = ["低秩||low-rank"]\n', 'terms."lora-bc5745"[0]', "no empty form"),
])
def test_a_malformed_file_names_the_file_and_the_field(tmp_path, text, field, words):
    path = write(tmp_path, text)
    with pytest.raises(RepairsError) as caught:
        load_additions(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {field}: ")
    assert words in message
    assert caught.value.field == field


def test_toml_syntax_errors_and_missing_files_name_the_file(tmp_path):
    broken = write(tmp_path, '[repairs."x"\nfixes = [')
    with pytest.raises(RepairsError, match=r"repairs\.toml: not valid TOML"):
        load_repairs(broken)
    with pytest.raises(RepairsError, match=r"nowhere\.toml: cannot read"):
        load_repairs(tmp_path / "nowhere.toml")
