"""Numeric quiz answers read by the grader's number reader: every usual form, the wording's tolerance, bits."""
from __future__ import annotations

import pytest

from studyapp.quiz import QuizItem, grade, parse_quantity
from studyapp.quiz.numeric import tolerance_for

MEMORY = QuizItem("numeric", "5e5177", "用 AdamW 和混合精度训练一个 7B 参数的模型，只算模型状态，需要多少显存？", 112e9,
                  formula="training_memory_adamw_mixed", params={"params": 7e9}, tolerance=0.02, unit="bytes")
FLOPS = QuizItem("numeric", "flops-flops-a34b59", "按常用的经验法则，总计算量约多少 FLOPs？", 2.94e21,
                 formula="training_flops", params={"params": 7e9, "tokens": 7e10}, tolerance=0.02, unit="FLOPs")


@pytest.mark.parametrize("typed", ["约112GB", "~112GB", "112 GB显存", "16*7=112GB", "112 gigabytes", "1.12e11",
                                   "1.12×10¹¹ bytes", "112G"])
def test_every_usual_form_of_the_right_number_is_right(typed):
    assert grade(MEMORY, typed).correct, typed


def test_gigabits_are_not_gigabytes():
    result = grade(MEMORY, "112 Gb")
    assert not result.correct and "Gb" in result.message
    assert parse_quantity("112 Gb", "bytes") == pytest.approx(14e9)


def test_the_tolerance_follows_the_wording():
    assert tolerance_for(FLOPS.prompt) == pytest.approx(0.10)  # 约 → about 10 %
    assert tolerance_for(MEMORY.prompt) == pytest.approx(0.02)
    for typed in ("3e21", "2.94×10²¹", "2.94e21 FLOPs", "约 3e21"):
        assert grade(FLOPS, typed).correct, typed
    assert not grade(FLOPS, "4e21").correct
    assert not grade(MEMORY, "115 GB").correct  # 2.7 % off: no 约 in this prompt
