"""Free text graded by key-point coverage, in Chinese and in English, and the learner's override."""
from __future__ import annotations

import subprocess
import sys

import pytest

from studyapp.deck import parse_file
from studyapp.deck.model import Note
from studyapp.quiz import generate_quiz, grade
from studyapp.quiz.free import key_points
from studyapp.quiz.segment import words
from studyapp.resources import default_deck_path


@pytest.fixture(scope="module")
def free_items():
    notes = parse_file(default_deck_path()).notes
    return {item.note: item for item in generate_quiz(notes, 100, seed=0, types=["free"])}


def found(item, answer):
    return set(grade(item, answer).found)


def test_key_points_come_from_the_repair_then_the_bold_phrases(free_items):
    assert free_items["lora-bc5745"].key_points[0].startswith("低秩|")
    tokenizer = free_items["tokenizer-ce4671"].key_points
    assert "BPE" in tokenizer and "数据的压缩" in tokenizer
    assert all(1 <= len(item.key_points) <= 6 for item in free_items.values())


def test_bold_labels_and_the_question_are_not_key_points():
    answer = "**计算FLOPS：**\n\n用 **loss scale** 处理梯度下溢，并保留 **fp32 主权重**。"
    points = key_points(Note("t-1", "混合精度训练", answer, "S", 1), {})
    assert points == ("loss scale", "fp32 主权重")


def test_a_correct_chinese_answer_finds_every_key_point(free_items):
    item = free_items["rlhf-rm-339b6a"]
    answer = ("不一定。RM 只是人类偏好的代理，过度优化会出现 reward hacking：代理奖励一直升高，"
              "真实效果却先升后降。对策是加 KL 惩罚、早停。")
    result = grade(item, answer)
    assert result.correct and result.score == 1.0
    assert result.found == ("代理", "过优化", "真实效果先升后降", "KL 惩罚", "早停") and result.missed == ()


def test_a_partial_answer_lists_what_it_missed(free_items):
    item = free_items["rlhf-rm-339b6a"]
    result = grade(item, "不一定，RM 只是代理，会被过优化。")
    assert set(result.found) == {"代理", "过优化"}
    assert set(result.missed) == {"真实效果先升后降", "KL 惩罚", "早停"}
    assert result.score == pytest.approx(0.4) and not result.correct
    assert "缺" in result.message


def test_a_wrong_answer_finds_nothing(free_items):
    result = grade(free_items["lora-bc5745"], "用 int4 量化整个模型，再用 SGD 训练。")
    assert result.found == () and result.score == 0.0 and not result.correct


def test_an_english_answer_to_a_chinese_note(free_items):
    lora = free_items["lora-bc5745"]
    answer = ("Freeze W0 and learn a low-rank update ΔW = BA; B is initialized to zero and A is random; "
              "the update is scaled by alpha/r, and BA is merged into W0 so there is no inference latency.")
    assert found(lora, answer) == {"低秩", "ΔW = BA", "冻结 W0", "B 初始化为 0", "α/r", "合并"}
    memory = free_items["5e5177"]
    answer = "Parameters, gradients and optimizer states (momentum, variance), plus activations: 16 bytes per parameter."
    assert found(memory, answer) == {"参数", "梯度", "优化器状态", "激活值", "16 字节"}
    rm = free_items["rlhf-rm-339b6a"]
    answer = "No: the RM is a proxy. Over-optimization makes the gold reward fall while the proxy keeps rising."
    assert found(rm, answer) >= {"代理", "过优化", "真实效果先升后降"}


def test_numbers_and_single_letters_must_match_exactly(free_items):
    lora = free_items["lora-bc5745"]
    assert "B 初始化为 0" not in found(lora, "A 初始化为 0")
    optimizer = next(item for slug, item in free_items.items() if slug.startswith("fda38b--optimizer-state"))
    assert "AdamW 12 字节" not in found(optimizer, "AdamW 16 字节")
    assert "AdamW 12 字节" in found(optimizer, "AdamW 要 12 字节")


def test_a_typo_still_counts(free_items):
    assert "KL 惩罚" in found(free_items["rlhf-rm-339b6a"], "use a KL penalty, early stoping")
    assert "早停" in found(free_items["rlhf-rm-339b6a"], "use a KL penalty, early stoping")


def test_the_learner_can_override_the_grade(free_items):
    result = grade(free_items["rlhf-rm-339b6a"], "不一定，RM 只是代理，会被过优化。")
    assert not result.correct and result.override is None and result.final_correct is False
    kept = result.overridden(True)
    assert kept.override is True and kept.final_correct is True and kept.final_score == 1.0
    assert kept.correct is False and kept.score == result.score  # the automatic verdict is kept beside it
    assert kept.to_json()["override"] is True and kept.to_json()["final_correct"] is True
    assert result.overridden(False).final_correct is False


def test_segmentation_keeps_the_fields_terms_whole():
    assert words("混合精度训练用梯度检查点节省显存") == ["混合精度", "训练", "梯度检查点", "节省", "显存"]
    assert "优化器状态" in words("优化器状态占大头") and "预训练" in words("在预训练之后微调")
    assert words("Mixed precision with gradient checkpointing") == ["混合精度", "梯度检查点"]


def test_jieba_is_loaded_lazily_and_quietly():
    code = ("import sys, studyapp.quiz; assert 'jieba' not in sys.modules; "
            "from studyapp.quiz.segment import words; words('混合精度'); assert 'jieba' in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
