"""Numbers as learners write them, found anywhere in a text: 112, 1,000, 2.94e21, 2.94×10²¹, 3 x 10^21,
16B, 1.2万, 十二, 约/~/≈ 112 GB, 112 GiB, 16*7=112GB, 112 Gb (gigabits, not gigabytes).

Each number comes back as a Quantity: its value with the scale applied (16B → 1.6e10, 1.2万 → 12000),
its unit kind ("bytes", "bits", "FLOPs", "FLOPS", "percent" or None), where it sits in the text and
whether the writer marked it as approximate. Digits glued to letters are names, not numbers: fp32,
int8, bf16, Llama65B, 3090 in "RTX 3090" is a number but harmless.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 1e4, "亿": 1e8}
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
# A single Chinese digit is a number only before a measure word: 四个模型, 两字节; 一直 and 统一 are not.
_MEASURE = re.compile(r"\s*(?:个|种|位|层|倍|字节|比特|块|张|次|步|阶段|bit|bytes?|GB|B(?![A-Za-z]))", re.I)

_ARABIC = (
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s*[eE]\s*(?P<e>[-+]?\d+))?"
    r"(?:\s*(?:[x×*·]|times)\s*10\s*(?:\^|\*\*)?\s*(?P<exp>[-+]?\d+)|\s*(?:\^|\*\*)\s*(?P<pow>[-+]?\d+))?"
)
_CHINESE = rf"(?P<cn>[{_CN_NUMERAL}]+(?:点[{''.join(_CN_DIGITS)}]+)?)"
_NUMBER = re.compile(rf"(?<![A-Za-z0-9_.]){_ARABIC}|{_CHINESE}")
_APPROX_BEFORE = re.compile(
    r"(?:约|大约|大概|大致|近|将近|差不多|估计|~|～|≈|about|around|roughly|approximately|approx\.?|circa)\s*$", re.I)
_APPROX_AFTER = re.compile(r"^\s*(?:左右|上下|出头)")

# The scale and unit written right after a number, longest first. `b` after a binary or decimal prefix is a bit
# only when the prefix is upper case and the b lower case (Gb, Mb): "gb" typed in lower case means gigabytes.
_BIT_UNIT = re.compile(r"^\s*(?P<p>[KMGTP])(?:b(?![A-Za-z])|bits?(?![A-Za-z])|bit/s)", re.A)
_BIT_WORD = re.compile(r"^\s*(?P<p>kilo|mega|giga|tera|peta)?bits?(?![a-z])|^\s*(?:比特|位)(?!置)", re.I)
_BYTE_UNIT = re.compile(
    r"^\s*(?P<p>[kmgtp]i?)?(?:b(?![a-z])|bytes?(?![a-z])|字节)|^\s*(?P<w>kilo|mega|giga|tera|peta)?bytes?(?![a-z])", re.I)
_FLOP_UNIT = re.compile(r"^\s*(?P<p>[kmgtpez])?(?P<f>flop/s|flops|flop)(?![a-z])", re.I)
_SCALE = re.compile(
    r"^\s*(?:(?P<cn>万亿|千万|百万|十万|万|亿|千)|(?P<w>thousand|million|billion|trillion)(?![a-z])|(?P<l>[kKmMbBtT])(?![A-Za-z]))"
)
_PERCENT = re.compile(r"^\s*(?:%|％|percent(?![a-z]))")
_G_MEMORY = re.compile(r"^\s*G(?![A-Za-z])")  # "4G 显存": gigabytes, as people say it
_BYTE_PER = re.compile(r"^\s*(?:B|bytes?)?\s*(?:/|per|每)\s*(?:参数|param|parameter)", re.I)

_PREFIX = {"": 1.0, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12, "p": 1e15, "e": 1e18, "z": 1e21,
           "ki": 2.0**10, "mi": 2.0**20, "gi": 2.0**30, "ti": 2.0**40, "pi": 2.0**50,
           "kilo": 1e3, "mega": 1e6, "giga": 1e9, "tera": 1e12, "peta": 1e15}
_SCALE_WORDS = {"千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8, "万亿": 1e12,
                "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
                "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}


@dataclass(frozen=True)
class Quantity:
    value: float  # scale applied, in the unit's base (bytes, bits, FLOPs)
    unit: str | None  # "bytes" | "bits" | "FLOPs" | "FLOPS" | "percent" | None
    start: int
    end: int
    approximate: bool = False
    after_equals: bool = False  # the result of a calculation written out: 16*7=112GB


def prepare(text: str) -> str:
    """Superscript exponents kept as exponents (10²¹ → 10^21; NFKC alone would make 1021), then NFKC."""
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^" + m.group().translate(_SUPERSCRIPTS), text)
    return unicodedata.normalize("NFKC", text)


def chinese_number(text: str) -> float | None:
    """十二 → 12, 一百一十二 → 112, 两 → 2, 三点五 → 3.5, 一万二千 → 12000; None when it is not one."""
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = chinese_number(whole) if whole else 0.0
        if head is None or any(ch not in _CN_DIGITS for ch in frac):
            return None
        return head + float("0." + "".join(str(_CN_DIGITS[ch]) for ch in frac))
    total, section, digit = 0.0, 0.0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None:  # 一二 is not a number; 一零二 read as digits
                digit = digit * 10 + _CN_DIGITS[ch]
            else:
                digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit = None
        elif ch in _CN_BIG:
            total += (section + (digit or 0)) * _CN_BIG[ch]
            section, digit = 0.0, None
        else:
            return None
    return total + section + (digit or 0)


def _unit_after(rest: str) -> tuple[float, str | None, int]:
    """(scale, unit, characters used) for what follows a number."""
    used = 0
    scale = 1.0
    m = _SCALE.match(rest)
    # 16B is 16 billion, unless bytes per parameter follow (16 B/param); a bare B after a number is a count.
    if m and m.group("l") and _BYTE_PER.match(rest[m.end():]):
        m = None
    if m:
        key = m.group("cn") or (m.group("w") or m.group("l")).lower()
        scale = _SCALE_WORDS[key]
        used = m.end()
        rest = rest[used:]
    for pattern, unit in ((_BIT_UNIT, "bits"), (_FLOP_UNIT, None), (_BYTE_UNIT, "bytes"), (_BIT_WORD, "bits")):
        u = pattern.match(rest)
        if not u:
            continue
        if unit is None:  # FLOPs or FLOPS: the capital S means per second
            word = u.group("f")
            unit = "FLOPS" if word.endswith("S") or word.lower() == "flop/s" else "FLOPs"
        prefix = (u.groupdict().get("p") or u.groupdict().get("w") or "").lower()
        return scale * _PREFIX.get(prefix, 1.0), unit, used + u.end()
    if _PERCENT.match(rest):
        return scale / 100, "percent", used + _PERCENT.match(rest).end()
    g = _G_MEMORY.match(rest)
    if g and scale == 1.0:
        return 1e9, "bytes", g.end()
    return scale, None, used


def find_quantities(text: str) -> list[Quantity]:
    """Every number in an already prepared text (see prepare), in order."""
    out: list[Quantity] = []
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        if m.group("cn"):
            value = chinese_number(m.group("cn"))
            if value is None:
                continue
            if len(m.group("cn")) == 1 and m.group("cn") not in "十百千万亿" and not _MEASURE.match(text[end:]):
                continue
            if m.group("cn") in ("万", "亿", "千", "百"):
                continue
        else:
            value = float(m.group("num").replace(",", ""))
            if m.group("e"):
                value *= 10.0 ** int(m.group("e"))
            if m.group("exp"):
                value *= 10.0 ** int(m.group("exp"))
            if m.group("pow"):
                value = value ** int(m.group("pow"))
        if text[end:end + 1] == "-" and text[end + 1:end + 4].lower() == "bit":
            end += 1  # 8-bit
        scale, unit, used = _unit_after(text[end:])
        if not m.group("cn") and used == 0 and re.match(r"[A-Za-z]", text[end:end + 1]):
            continue  # 3090Ti, 2x: a name or a factor, not a quantity we can read
        before = text[max(0, start - 12):start]
        approx = bool(_APPROX_BEFORE.search(before)) or bool(_APPROX_AFTER.match(text[end + used:]))
        equals = bool(re.search(r"=\s*$", before))
        out.append(Quantity(value * scale, unit, start, end + used, approx, equals))
    out.sort(key=lambda q: q.start)
    return out


def answer_quantity(text: str, unit: str) -> Quantity | None:
    """The number a learner gives as the answer to a question in `unit` (bytes, FLOPs, params).

    A worked calculation's result counts (16*7=112GB → 112 GB); otherwise the first number written in a
    unit that fits, else the first number. A number in a unit that cannot be meant (112 Gb for bytes)
    is returned as it is, for the grader to reject.
    """
    found = find_quantities(prepare(text))
    if not found:
        return None
    results = [q for q in found if q.after_equals]
    if results:
        return results[-1]
    fitting = [q for q in found if _fits(q.unit, unit)]
    if fitting:
        return fitting[0]
    return found[0]


def _fits(written: str | None, wanted: str) -> bool:
    if wanted == "bytes":
        return written == "bytes"
    if wanted == "FLOPs":
        return written in ("FLOPs", "FLOPS")
    return written is None


def in_unit(quantity: Quantity, unit: str) -> float | None:
    """The quantity's value in `unit`, or None when its unit says it is something else (Gb for GB)."""
    if quantity.unit is None or _fits(quantity.unit, unit):
        return quantity.value
    return None
