"""Tokenizer lab: BPE, word-level and byte-level tokenizers on the bundled Chinese document, checked against `tokenizers`."""
TITLE = "Tokenizers: char, word, BPE and byte-level, and out-of-vocabulary words"
SUMMARY = ("Write BPE training and encoding, a word-level vocabulary and GPT-2's byte mapping; check them "
           "against the `tokenizers` library trained on the bundled document, then measure vocabulary size "
           "against sequence length and the UNK rate on held-out text.")
NOTES = ("tokenizer-ce4671", "oov-out-of-vocabulary-f6167e")
MODES = ("quick", "full")
