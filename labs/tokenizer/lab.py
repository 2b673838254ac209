"""Tokenizer lab: your BPE, word-level and byte-level pieces against the `tokenizers` library."""
from __future__ import annotations

from labs import corpus
from labs.protocol import LabContext, graded
from labs.tokenizer import checks, exercise, library, reference

HELD_OUT = 0.2  # the document's last fifth is never trained on
OOV_SENTENCE = "\nunhappiness 和 annoyingly 是 OOV 的例子：😀 龘 tokenizer!"
MIN_COUNT = 2  # word-level vocabulary: words seen at least twice
SIZES = {
    "quick": dict(merges=150, byte_merges=400, sweep=(0, 100, 400, 1600)),
    "full": dict(merges=600, byte_merges=2000, sweep=(0, 100, 400, 1600, 3200)),
}
NAMES = ("train_bpe", "bpe_encode", "build_word_vocab", "encode_words", "bytes_to_unicode", "byte_level_decode")


def _lost_share(tokens_and_spans: list[tuple[str, int]], total_chars: int) -> float:
    """Share of the text's characters that ended up inside an UNK token."""
    return sum(n for token, n in tokens_and_spans if token == library.UNK) / total_chars


def _tokens(tok, words: list[str]) -> list[list[str]]:
    return [e.tokens for e in tok.encode_batch(words)]


def _learned_checks(ctx: LabContext, impl: dict, size: dict, train: str, held: str) -> list:
    counts, alphabet = library.word_counts(train), library.alphabet(train)
    held_words = library.words(held)
    lib_bpe = library.bpe(train, size["merges"])
    theirs = library.merges(lib_bpe)
    ctx.log(f"training text: {len(train)} characters, {sum(counts.values())} words ({len(counts)} distinct), "
            f"alphabet {len(alphabet)}; held-out: {len(held)} characters, {len(held_words)} words")
    ctx.progress(0.1, f"your BPE: learning {size['merges']} merges")
    yours = graded("bpe_merges_match_tokenizers", lambda: checks.merges_match(
        impl["train_bpe"](counts, size["merges"]), theirs), expected="the library's merges", why="BPE training")
    ctx.progress(0.5, "encoding held-out text")
    bpe_tokens = graded("bpe_tokens_match_tokenizers", lambda: checks.tokens_match(
        "bpe_tokens_match_tokenizers", [impl["bpe_encode"](w, theirs, alphabet) for w in held_words],
        _tokens(lib_bpe, held_words), held_words,
        why="with the library's merges, your encoder splits every held-out word as the library's BPE model "
            "does (characters never seen in training become [UNK])"), expected="0 words differ", why="BPE encode")
    word_tok = library.word_level(train, MIN_COUNT)
    word_tokens = graded("word_level_tokens_match_tokenizers", lambda: checks.tokens_match(
        "word_level_tokens_match_tokenizers",
        [[t] for t in impl["encode_words"](held_words, impl["build_word_vocab"](counts, MIN_COUNT))],
        _tokens(word_tok, held_words), held_words,
        why=f"your word-level vocabulary (words seen >= {MIN_COUNT} times) and encoder give the library "
            "WordLevel model's tokens, [UNK] for every out-of-vocabulary word"), expected="0 words differ",
        why="word level")

    def byte_symbols():
        mapping = impl["bytes_to_unicode"]()
        mine = "".join(mapping[b] for b in held.encode("utf-8"))
        return checks.byte_symbols_match(mine, library.byte_symbols(held), len(set(mapping.values())))

    return [yours, bpe_tokens, word_tokens,
            graded("byte_symbols_match_tokenizers", byte_symbols, expected="identical", why="byte map"),
            graded("byte_level_round_trip", lambda: checks.round_trip(
                impl["byte_level_decode"](library.byte_symbols(held)), held), expected="identical",
                why="byte decode")]


def _measured_checks(ctx: LabContext, size: dict, train: str, held: str) -> list:
    held_words = library.words(held)
    word_tok = library.word_level(train, MIN_COUNT)
    word_lost = _lost_share([(t[0], len(w)) for t, w in zip(_tokens(word_tok, held_words), held_words)], len(held))
    char_bpe = library.bpe(train, size["merges"])
    char_lost = _lost_share([(t, 1) for t in char_bpe.encode(held).tokens], len(held))
    byte_bpe = library.byte_level_bpe(train, size["byte_merges"])
    byte_ids = byte_bpe.encode(held).ids
    decoded = byte_bpe.decode(byte_ids)
    byte_lost = sum(a != b for a, b in zip(decoded, held)) / len(held) + abs(len(decoded) - len(held)) / len(held)
    ctx.progress(0.8, "vocabulary size against sequence length")
    per_char = {}
    for merges in size["sweep"]:
        tok = library.bpe(train, merges)
        per_char[tok.get_vocab_size()] = len(tok.encode(held).tokens) / len(held)
    ctx.metric("tokens_per_char[char-level BPE, by vocabulary size]", {str(k): round(v, 4) for k, v in per_char.items()})
    ctx.metric("tokens_per_char[word-level]", round(len(held_words) / len(held), 4))
    ctx.metric("tokens_per_char[byte-level BPE]", round(len(byte_ids) / len(held), 4))
    ctx.metric("vocabulary[word-level]", word_tok.get_vocab_size())
    ctx.metric("vocabulary[byte-level BPE]", byte_bpe.get_vocab_size())
    ctx.metric("unk_char_share", {"word": round(word_lost, 4), "char_bpe": round(char_lost, 4),
                                  "byte_bpe": round(byte_lost, 4)})
    ctx.metric("oov_sentence[char BPE]", " ".join(char_bpe.encode(OOV_SENTENCE.strip()).tokens))
    ctx.metric("oov_sentence[word level]", " ".join(word_tok.encode(OOV_SENTENCE.strip()).tokens))
    cjk = [c for c in held if "\u4e00" <= c <= "\u9fff"]
    return [checks.unk_rates_ordered(word_lost, char_lost, byte_lost), checks.shortens_with_vocabulary(per_char),
            checks.bytes_per_chinese_char(len(cjk), len("".join(cjk).encode("utf-8")))]


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    impl = {n: ctx.pick(getattr(reference, n), exercise, n) for n in NAMES}
    train, held = library.split(corpus.load_text(), HELD_OUT)
    held += OOV_SENTENCE
    ctx.progress(0.0, "training the library's tokenizers on the document")
    found = _learned_checks(ctx, impl, size, train, held)
    found += _measured_checks(ctx, size, train, held)
    ctx.progress(1.0, "done")
    return found
