"""Words of a Chinese/English text for answer matching: jieba for Chinese, whole words for English.

jieba is imported and its dictionary built on first use only (it takes about a second), with its
logger silenced and the field's terms (content/terms.zh.txt) loaded so that 混合精度 or 梯度检查点
stay one word.
"""
from __future__ import annotations

import logging
import re
import threading
import unicodedata
from pathlib import Path
from typing import Any

from studyapp.resources import bundled_dir

from .glossary import to_chinese_terms

TERMS_FILE = "terms.zh.txt"
# Words that carry no meaning of their own in an answer; generic field words (模型, 训练) are kept
# out of key points too, or every answer about models would half-match every key point.
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 或 也 就 都 而 把 被 对 于 为 以 中 等 会 能 要 可以 一个 一种 这 那 这个 那个 这些 "
    "我们 你 他 它 其 之 从 到 让 使 用 由 并 还 很 更 最 又 再 即 如 若 则 所以 因为 因此 但是 但 而且 "
    "就是 只是 通过 进行 需要 使得 可能 一些 一下 什么 怎么 如何 为什么 吗 呢 啊 吧 个 种 "
    "a an the of to and or in on for is are was were be been by with that this these it its as at from "
    "into than then so such not no do does can could will would should may might which what why how "
    "there their they them we you i he she".split()
)
GENERIC = frozenset("模型 训练 方法 使用 问题 时候 时 过程 部分 方式 情况 东西 model models training method".split())

_lock = threading.Lock()
_tokenizer: Any = None
# A CJK run, or a run of other letters and digits (Latin, Greek: α/r) that may hold . - + (p-tuning, 0.5).
_PIECE = re.compile(r"[\u3400-\u9fff]+|[^\W_\u3400-\u9fff]+(?:[.\-+][^\W_\u3400-\u9fff]+)*")
_CJK = re.compile(r"[\u3400-\u9fff]")


def terms_path() -> Path:
    return bundled_dir("content") / TERMS_FILE


def _jieba() -> Any:
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba  # deferred: building its prefix dictionary costs about a second

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            tokenizer.load_userdict(str(terms_path()))
            _tokenizer = tokenizer
        return _tokenizer


def prepare(text: str, glossary: bool = True) -> str:
    """NFKC, lower case, and (with `glossary`) English terms rewritten to their Chinese terms."""
    text = unicodedata.normalize("NFKC", text)
    return to_chinese_terms(text) if glossary else text.lower()


def words(text: str, glossary: bool = True) -> list[str]:
    """Meaningful words of `text`, in order: no punctuation, no stop words."""
    out = []
    for piece in _PIECE.findall(prepare(text, glossary)):
        if _CJK.match(piece):
            out.extend(word for word in _jieba().lcut(piece) if word.strip() and word not in STOPWORDS)
        elif piece[0].isalnum() and piece not in STOPWORDS:
            out.append(piece)
    return out


def content_words(text: str, glossary: bool = True) -> list[str]:
    """words() without the field's generic words, unless nothing else is left."""
    found = words(text, glossary)
    specific = [word for word in found if word not in GENERIC]
    return specific or found


def is_cjk(word: str) -> bool:
    return bool(_CJK.match(word))
