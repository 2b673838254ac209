"""The tokenizer lab: the reference passes as a learner's file, realistic wrong tokenizers fail a
named check when run through the whole quick lab, and the measured checks fail on wrong figures."""
from __future__ import annotations

from pathlib import Path

import pytest

from labs.tokenizer import checks

LAB = Path(__file__).resolve().parents[2] / "labs" / "tokenizer"
REFERENCE = (LAB / "reference.py").read_text(encoding="utf-8")

# name: (text in the reference, the learner's wrong version, the check that must fail)
MUTANTS = {
    "pair counts ignore word frequency": (
        "pairs[pair] += count", "pairs[pair] += 1", "bpe_merges_match_tokenizers"),
    "ties go to whichever pair was counted first": (
        "best = max(pairs, key=lambda p: (pairs[p], -ids[p[0]], -ids[p[1]]))",
        "best = max(pairs, key=pairs.get)", "bpe_merges_match_tokenizers"),
    "unknown characters are dropped, not UNK": (
        "symbols = [c if c in alphabet else UNK for c in word]",
        "symbols = [c for c in word if c in alphabet]", "bpe_tokens_match_tokenizers"),
    "each merge applied to its first occurrence only": (
        "        symbols = _merge(symbols, pair)\n    return symbols",
        "        for i in range(len(symbols) - 1):\n"
        "            if (symbols[i], symbols[i + 1]) == pair:\n"
        "                symbols[i:i + 2] = [pair[0] + pair[1]]\n"
        "                break\n    return symbols", "bpe_tokens_match_tokenizers"),
    "vocabulary keeps words seen more than min_count times": (
        "if count >= min_count", "if count > min_count", "word_level_tokens_match_tokenizers"),
    "every byte stands for chr(byte)": (
        "    mapping = {b: chr(b) for b in printable}",
        "    return {b: chr(b) for b in range(256)}\n    mapping = {}", "byte_symbols_match_tokenizers"),
    "each byte decoded on its own": (
        'return bytes(inverse[c] for c in symbols).decode("utf-8")',
        'return "".join(bytes([inverse[c]]).decode("utf-8", errors="replace") for c in symbols)',
        "byte_level_round_trip"),
}


def _mutate(old: str, new: str) -> str:
    assert REFERENCE.count(old) == 1, old
    return REFERENCE.replace(old, new)


@pytest.mark.slow
def test_the_reference_passes_as_an_exercise(check_exercise):
    result = check_exercise("tokenizer", REFERENCE)
    failed = [(c["name"], c["measured"]) for c in result["checks"] if c["status"] != "pass"]
    assert result["status"] == "pass", (result["message"], failed)
    assert [c["name"] for c in result["checks"]] == list(checks.NAMES)
    judged = [c for c in result["checks"] if c["kind"] != "demo"]
    assert len(judged) >= 5 and sum(c["kind"] == "exercise" for c in judged) >= 0.6 * len(judged)


@pytest.mark.slow
@pytest.mark.parametrize("label", sorted(MUTANTS))
def test_a_wrong_tokenizer_fails_its_check(check_exercise, label):
    old, new, name = MUTANTS[label]
    result = check_exercise("tokenizer", _mutate(old, new))
    status = {c["name"]: c["status"] for c in result["checks"]}
    assert result["status"] == "fail", result["message"]
    assert status[name] == "fail", status


def test_the_starter_exercise_ends_as_unfinished(check_exercise):
    result = check_exercise("tokenizer", (LAB / "exercise.py").read_text(encoding="utf-8"))
    assert result["status"] == "error" and result["message"].startswith("unfinished: train_bpe ")


def test_merges_check_reports_where_they_part():
    check = checks.merges_match([("a", "b"), ("c", "d")], [("a", "b"), ("d", "c")])
    assert check.status == "fail" and check.measured["first_difference_at"] == 1
    assert checks.merges_match([("a", "b")], [("a", "b"), ("c", "d")]).status == "fail"


@pytest.mark.parametrize("rates, status", [((0.7, 0.04, 0.0), "pass"), ((0.04, 0.7, 0.0), "fail"),
                                           ((0.7, 0.04, 0.01), "fail")])
def test_unk_order_check(rates, status):
    assert checks.unk_rates_ordered(*rates).status == status


def test_shortening_check_fails_when_a_bigger_vocabulary_is_longer():
    assert checks.shortens_with_vocabulary({100: 0.9, 200: 0.8}).status == "pass"
    assert checks.shortens_with_vocabulary({100: 0.9, 200: 0.95}).status == "fail"
