"""The tokenizer lab's checks. Each takes the results under test as input, so a test can hand it
wrong ones and watch it fail."""
from __future__ import annotations

from labs.protocol import Check, check_true, demo

NAMES = (
    "bpe_merges_match_tokenizers",
    "bpe_tokens_match_tokenizers",
    "word_level_tokens_match_tokenizers",
    "byte_symbols_match_tokenizers",
    "byte_level_round_trip",
    "unk_rate_word_above_char_bpe_above_byte_bpe",
    "sequence_shortens_as_vocabulary_grows",
    "utf8_bytes_per_chinese_character",
)


def merges_match(yours: list, theirs: list) -> Check:
    first = next((i for i, (a, b) in enumerate(zip(yours, theirs)) if tuple(a) != tuple(b)), None)
    if first is None and len(yours) != len(theirs):
        first = min(len(yours), len(theirs))
    measured = {"merges": len(yours)} if first is None else {
        "first_difference_at": first, "yours": [list(m) for m in yours[first:first + 3]],
        "library": [list(m) for m in theirs[first:first + 3]]}
    return check_true("bpe_merges_match_tokenizers", first is None, expected=f"the same {len(theirs)} merges in order",
                      measured=measured,
                      why="your BPE training on the document's word counts learns the merges the `tokenizers` "
                          "BpeTrainer learns, in the same order")


def _differences(yours: list[list[str]], theirs: list[list[str]], words: list[str]) -> dict:
    bad = [(w, y, t) for w, y, t in zip(words, yours, theirs) if list(y) != list(t)]
    return {"words_differing": len(bad), "of": len(words),
            "examples": [{"word": w, "yours": y, "library": t} for w, y, t in bad[:3]]}


def tokens_match(name: str, yours: list[list[str]], theirs: list[list[str]], words: list[str], why: str) -> Check:
    found = _differences(yours, theirs, words)
    return check_true(name, found["words_differing"] == 0, expected="0 words differ", measured=found, why=why)


def byte_symbols_match(yours: str, theirs: str, mapping_size: int) -> Check:
    first = next((i for i, (a, b) in enumerate(zip(yours, theirs)) if a != b), None)
    ok = mapping_size == 256 and yours == theirs
    return check_true("byte_symbols_match_tokenizers", ok, expected="256 distinct symbols; identical text",
                      measured={"distinct_symbols": mapping_size, "first_difference_at": first,
                                "lengths": [len(yours), len(theirs)]},
                      why="your byte-to-symbol map turns the held-out text into the same symbols as the "
                          "library's ByteLevel pre-tokenizer")


def round_trip(decoded: str, text: str) -> Check:
    first = next((i for i, (a, b) in enumerate(zip(decoded, text)) if a != b), None)
    return check_true("byte_level_round_trip", decoded == text, expected="the held-out text exactly",
                      measured={"equal": decoded == text, "first_difference_at": first},
                      why="decoding the byte symbols of held-out text (Chinese, emoji, unseen characters) gives "
                          "it back: byte-level tokens never lose a character")


def unk_rates_ordered(word: float, char_bpe: float, byte_bpe: float) -> Check:
    rates = {"word_level": round(word, 4), "char_bpe": round(char_bpe, 4), "byte_bpe": round(byte_bpe, 4)}
    return check_true("unk_rate_word_above_char_bpe_above_byte_bpe", word > char_bpe > byte_bpe == 0,
                      expected="word > char-BPE > byte-BPE = 0", measured=rates,
                      why="share of UNK tokens on held-out text (library tokenizers): an unseen word is one UNK, "
                          "BPE falls back to characters (UNK only for unseen characters), bytes cover everything")


def shortens_with_vocabulary(tokens_per_char: dict[int, float]) -> Check:
    sizes = sorted(tokens_per_char)
    values = [tokens_per_char[s] for s in sizes]
    falling = all(a > b for a, b in zip(values, values[1:]))
    return check_true("sequence_shortens_as_vocabulary_grows", falling, expected="strictly falling",
                      measured={str(s): round(v, 4) for s, v in zip(sizes, values)},
                      why="held-out tokens per character for library BPE vocabularies of growing size: more "
                          "merges, fewer and longer tokens (the compression BPE is for)")


def bytes_per_chinese_char(chars: int, utf8_bytes: int) -> Check:
    return demo("utf8_bytes_per_chinese_character", shown=round(utf8_bytes / max(chars, 1), 3),
                why=f"{chars} CJK characters of held-out text take {utf8_bytes} UTF-8 bytes: before merges a "
                    "byte-level tokenizer makes Chinese text 3 times longer than a character-level one")
