"""Quantities as people write them (14 GB, 3.2 TFLOPs, 4.2M, 1.3亿) and as the quiz stores them (base units).

Reading is done by studyapp.grading.numbers, the same reader the free-text grader uses.

Memory uses decimal units, 1 GB = 10^9 bytes, as the rule of thumb "1B parameters in fp32 take
4 GB" does; GiB (2^30) is understood when written out.
"""
from __future__ import annotations

import math
import re

from studyapp.grading.numbers import answer_quantity, prepare

UNITS = ("bytes", "FLOPs", "params")
_PREFIXES = (("E", 1e18), ("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("K", 1e3))
_TRAILING_WORD = re.compile(r"\s*[A-Za-z]")
_UNIT_WORD = re.compile(r"\s*(?:params?|parameters?|flops?|flop/s|bytes?)(?![A-Za-z])", re.I)


def parse_quantity(text: str | float | int, unit: str) -> float | None:
    """The number a learner typed, in base units of `unit`; None when it is not a number.

    Read by studyapp.grading.numbers: 约112GB, ~112 GB显存, 2.94×10²¹, 16*7=112GB, 1.2万, 十二. Bits are
    converted to bytes (112 Gb is 14 GB, not 112 GB); a number followed by an unknown word (14 parsecs) is
    not an answer.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    raw = str(text)
    quantity = answer_quantity(raw, unit)
    if quantity is None:
        return None
    rest = prepare(raw)[quantity.end:]
    if _TRAILING_WORD.match(rest) and not _UNIT_WORD.match(rest):
        return None
    if unit == "bytes" and quantity.unit == "bits":
        return quantity.value / 8
    return quantity.value


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
