"""The number reader: every usual written form, and what is not a number."""
from __future__ import annotations

import pytest

from studyapp.grading.numbers import answer_quantity, chinese_number, find_quantities, prepare


def values(text: str) -> list[tuple[float, str | None]]:
    return [(q.value, q.unit) for q in find_quantities(prepare(text))]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("112", 112, None), ("1,000", 1000, None), ("2.94e21", 2.94e21, None), ("2.94×10²¹", 2.94e21, None),
    ("3 x 10^21", 3e21, None), ("10^21 FLOPs", 1e21, "FLOPs"), ("16B", 16e9, None), ("7b", 7e9, None),
    ("1.2万", 12000, None), ("1.3亿", 1.3e8, None), ("十二字节", 12, "bytes"), ("四个模型", 4, None),
    ("112 GB显存", 112e9, "bytes"), ("112 GiB", 112 * 2**30, "bytes"), ("12 gigabytes", 12e9, "bytes"),
    ("112 Gb", 112e9, "bits"), ("112 gigabits", 112e9, "bits"), ("8-bit", 8, "bits"), ("4G显存", 4e9, "bytes"),
    ("3.2 TFLOPs", 3.2e12, "FLOPs"), ("1 GFLOPS", 1e9, "FLOPS"), ("16 bytes/param", 16, "bytes"),
    ("16B/参数", 16, "bytes"), ("0.1%", 0.001, "percent"),
])
def test_usual_forms(text, value, unit):
    (found,) = values(text)
    assert found[0] == pytest.approx(value) and found[1] == unit


@pytest.mark.parametrize("text", ["fp32", "int8", "bf16", "Llama65B", "W0", "一直上升", "统一", "3090Ti"])
def test_names_and_words_are_not_numbers(text):
    assert values(text) == []


def test_approximation_marks_are_read():
    for text in ("约112GB", "~112GB", "≈ 112 GB", "大约 112 GB", "112 GB 左右", "about 112 GB"):
        (q,) = find_quantities(prepare(text))
        assert q.approximate and q.value == pytest.approx(112e9), text


def test_the_result_of_a_worked_calculation_is_the_answer():
    assert answer_quantity("16*7=112GB", "bytes").value == pytest.approx(112e9)
    assert answer_quantity("2+2+12=16 字节", "bytes").value == 16
    assert answer_quantity("112 GB（16 字节 × 7B）", "bytes").value == pytest.approx(112e9)


@pytest.mark.parametrize(("text", "value"), [("十二", 12), ("十六", 16), ("一百一十二", 112), ("两", 2),
                                             ("三点五", 3.5), ("一万二千", 12000), ("二十", 20)])
def test_chinese_numerals(text, value):
    assert chinese_number(text) == value
