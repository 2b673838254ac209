"""Quantities as people write them (14 GB, 3.2 TFLOPs, 4.2M, 1.3亿) and as the quiz stores them (base units).

Memory uses decimal units, 1 GB = 10^9 bytes, as the rule of thumb "1B parameters in fp32 take
4 GB" does; GiB (2^30) is understood when written out.
"""
from __future__ import annotations

import math
import re

UNITS = ("bytes", "FLOPs", "params")
_SCALE_WORDS = {"": 1.0, "k": 1e3, "m": 1e6, "g": 1e9, "b": 1e9, "t": 1e12, "p": 1e15, "e": 1e18, "z": 1e21,
                "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "万": 1e4, "百万": 1e6, "千万": 1e7, "亿": 1e8, "万亿": 1e12}
_BINARY = {"kib": 2.0**10, "mib": 2.0**20, "gib": 2.0**30, "tib": 2.0**40}
_NUMBER = re.compile(
    r"^\s*(?P<num>[-+]?(?:\d[\d,_]*\.?\d*|\.\d+)(?:e[-+]?\d+)?)"
    r"(?:\s*(?:[x×*]|times)\s*10\s*(?:\^|\*\*)\s*(?P<exp>[-+]?\d+))?"
    r"\s*(?P<suffix>.*?)\s*$",
    re.I,
)
_UNIT_WORDS = re.compile(r"(?:flops?|flop/s|bytes?|params?|parameters?|个参数|个|字节|次)$", re.I)
_BYTE_PREFIX = {"b": 1.0, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15}
_PREFIXES = (("E", 1e18), ("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("K", 1e3))


def parse_quantity(text: str | float | int, unit: str) -> float | None:
    """The number a learner typed, in base units of `unit`; None when it is not a number."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    match = _NUMBER.match(str(text))
    if not match:
        return None
    try:
        value = float(match["num"].replace(",", "").replace("_", ""))
    except ValueError:
        return None
    if match["exp"]:
        value *= 10.0 ** int(match["exp"])
    scale = _suffix_scale(match["suffix"], unit)
    return None if scale is None else value * scale


def _suffix_scale(suffix: str, unit: str) -> float | None:
    word = suffix.strip().lower().replace(" ", "")
    if unit == "bytes":
        if word in _BINARY:
            return _BINARY[word]
        if word in _BYTE_PREFIX:
            return _BYTE_PREFIX[word]
    if word.endswith("flops") or word.endswith("flop/s"):
        word = word.removesuffix("/s").removesuffix("flops").removesuffix("flop")
    else:
        word = _UNIT_WORDS.sub("", word)
    if unit == "params" and word == "g":  # a count of 1G parameters is unusual but not wrong
        return 1e9
    return _SCALE_WORDS.get(word)


def format_quantity(value: float, unit: str) -> str:
    """For people: 14 GB, 3.15 TFLOPs, 4.19M params; FLOPs beyond exa in powers of ten."""
    if unit == "bytes":
        if value >= 1e12:
            return f"{_digits(value / 1e12)} TB"
        if value >= 1e9:
            return f"{_digits(value / 1e9)} GB"
        return f"{_digits(value / 1e6)} MB"
    if unit == "FLOPs":
        if value >= 1e21:
            exponent = math.floor(math.log10(value))
            return f"{_digits(value / 10**exponent)}e{exponent} FLOPs"
        for prefix, scale in _PREFIXES:
            if value >= scale:
                return f"{_digits(value / scale)} {prefix}FLOPs"
        return f"{_digits(value)} FLOPs"
    for prefix, scale in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if value >= scale:
            return f"{_digits(value / scale)}{prefix} params"
    return f"{_digits(value)} params"


def _digits(x: float) -> str:
    """Three significant digits without trailing zeros: 14, 112, 1.6, 4.19."""
    text = f"{x:.3g}"
    if "e" in text:
        text = f"{x:.0f}"
    return text
