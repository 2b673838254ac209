"""Your turn: write the tokenizers, then run `python -m labs tokenizer --exercise`.

The lab splits the bundled document into "words" with the `tokenizers` library's Whitespace
pre-tokenizer (runs of letters/digits/CJK characters, or runs of punctuation) and hands you
{word: count}. The checks compare your results with the `tokenizers` library trained on the same
text: BPE merges in the same order, the same tokens on held-out text, the same UNK tokens.
"""
from __future__ import annotations

UNK = "[UNK]"


def train_bpe(word_counts: dict[str, int], num_merges: int) -> list[tuple[str, str]]:
    """Learn `num_merges` BPE merges from {word: count}.

    Start with each word as a list of its characters. Repeat: count every adjacent pair of symbols
    in every word, weighted by the word's count; merge the most frequent pair everywhere (left to
    right, non-overlapping) into one new symbol; record it. Stop early if no pair is left.
    Ties (the library's rule): give each initial character an id in code-point order (sorted), and
    each new symbol the next id when it is created; among pairs with the same count, take the one
    whose (id of left, id of right) is smallest.
    Returns the merges in the order learned, e.g. [("模", "型"), ("i", "n"), ...].
    """
    raise NotImplementedError("exercise.py: train_bpe")


def bpe_encode(word: str, merges: list[tuple[str, str]], alphabet: set[str]) -> list[str]:
    """Tokens of one word: its characters (a character not in `alphabet` becomes UNK), then every
    merge applied in the order it was learned. E.g. "模型" -> ["模型"] once ("模", "型") is a merge."""
    raise NotImplementedError("exercise.py: bpe_encode")


def build_word_vocab(word_counts: dict[str, int], min_count: int) -> set[str]:
    """A word-level vocabulary: every word seen at least `min_count` times."""
    raise NotImplementedError("exercise.py: build_word_vocab")


def encode_words(words: list[str], vocab: set[str]) -> list[str]:
    """Word-level tokens: each word itself if it is in `vocab`, else UNK (an out-of-vocabulary word)."""
    raise NotImplementedError("exercise.py: encode_words")


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's byte-level alphabet: a printable character for each of the 256 byte values.

    Bytes that are printable and not space - "!" to "~", "¡" to "¬", "®" to "ÿ" - stand for
    themselves; the remaining bytes, in increasing order, get chr(256), chr(257), ...
    Byte-level BPE starts from these 256 symbols, so no text can ever be out of vocabulary.
    """
    raise NotImplementedError("exercise.py: bytes_to_unicode")


def byte_level_decode(symbols: str) -> str:
    """Inverse of the mapping: a string of byte symbols back to text (a Chinese character is 3 bytes)."""
    raise NotImplementedError("exercise.py: byte_level_decode")
