"""The lab's reference tokenizers (the answers to exercise.py), in plain Python."""
from __future__ import annotations

from collections import Counter

UNK = "[UNK]"


def train_bpe(word_counts: dict[str, int], num_merges: int) -> list[tuple[str, str]]:
    """Merges, most frequent adjacent pair first; ties go to the pair with the smallest ids."""
    ids = {c: i for i, c in enumerate(sorted({c for word in word_counts for c in word}))}
    words = [(list(word), count) for word, count in word_counts.items()]
    merges: list[tuple[str, str]] = []
    for _ in range(num_merges):
        pairs: Counter = Counter()
        for symbols, count in words:
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] += count
        if not pairs:
            break
        best = max(pairs, key=lambda p: (pairs[p], -ids[p[0]], -ids[p[1]]))
        merges.append(best)
        ids[best[0] + best[1]] = len(ids)
        words = [(_merge(symbols, best), count) for symbols, count in words]
    return merges


def _merge(symbols: list[str], pair: tuple[str, str]) -> list[str]:
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(pair[0] + pair[1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def bpe_encode(word: str, merges: list[tuple[str, str]], alphabet: set[str]) -> list[str]:
    """Characters outside the alphabet become UNK; then merges apply in the order they were learned."""
    symbols = [c if c in alphabet else UNK for c in word]
    for pair in merges:
        symbols = _merge(symbols, pair)
    return symbols


def build_word_vocab(word_counts: dict[str, int], min_count: int) -> set[str]:
    return {word for word, count in word_counts.items() if count >= min_count}


def encode_words(words: list[str], vocab: set[str]) -> list[str]:
    return [word if word in vocab else UNK for word in words]


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's map: printable bytes stand for themselves, the rest take the characters from U+0100 on."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    mapping = {b: chr(b) for b in printable}
    extra = 0
    for b in range(256):
        if b not in mapping:
            mapping[b] = chr(256 + extra)
            extra += 1
    return mapping


def byte_level_decode(symbols: str) -> str:
    """Back from byte symbols to text: collect all the bytes first, then decode UTF-8 once."""
    inverse = {c: b for b, c in bytes_to_unicode().items()}
    return bytes(inverse[c] for c in symbols).decode("utf-8")
