"""The independent reference: the same tokenizers built with the `tokenizers` library (Rust)."""
from __future__ import annotations

import json
from collections import Counter

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

UNK = "[UNK]"
_WHITESPACE = pre_tokenizers.Whitespace()


def split(text: str, held_out: float) -> tuple[str, str]:
    """Training text and held-out text, cut at the line nearest to the requested fraction."""
    cut = text.rfind("\n", 0, int(len(text) * (1 - held_out))) + 1
    return text[:cut], text[cut:]


def words(text: str) -> list[str]:
    """The library's Whitespace pre-tokenizer: runs of word characters (a Chinese clause is one) or of punctuation."""
    return [w for w, _ in _WHITESPACE.pre_tokenize_str(text)]


def word_counts(text: str) -> dict[str, int]:
    return dict(Counter(words(text)))


def alphabet(text: str) -> set[str]:
    return {c for w in words(text) for c in w}


def bpe(train: str, num_merges: int) -> Tokenizer:
    """Character-level BPE with an UNK token for characters never seen in training."""
    tok = Tokenizer(models.BPE(unk_token=UNK))
    tok.pre_tokenizer = _WHITESPACE
    size = len(alphabet(train)) + num_merges + 1
    tok.train_from_iterator([train], trainers.BpeTrainer(vocab_size=size, special_tokens=[UNK],
                                                         show_progress=False))
    return tok


def merges(tok: Tokenizer) -> list[tuple[str, str]]:
    found = json.loads(tok.to_str())["model"]["merges"]
    return [tuple(m) if isinstance(m, list) else tuple(m.split(" ", 1)) for m in found]


def word_level(train: str, min_count: int) -> Tokenizer:
    tok = Tokenizer(models.WordLevel(unk_token=UNK))
    tok.pre_tokenizer = _WHITESPACE
    tok.train_from_iterator([train], trainers.WordLevelTrainer(vocab_size=10**7, min_frequency=min_count,
                                                               special_tokens=[UNK], show_progress=False))
    return tok


def byte_level_bpe(train: str, num_merges: int) -> Tokenizer:
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    alphabet_256 = pre_tokenizers.ByteLevel.alphabet()
    tok.train_from_iterator([train], trainers.BpeTrainer(vocab_size=len(alphabet_256) + num_merges,
                                                         initial_alphabet=alphabet_256, show_progress=False))
    return tok


def byte_symbols(text: str) -> str:
    """The text as byte-level symbols, one per UTF-8 byte (no splitting, no prefix space)."""
    pieces = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False).pre_tokenize_str(text)
    return "".join(piece for piece, _ in pieces)
