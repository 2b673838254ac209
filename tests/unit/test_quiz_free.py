"""Free-text quiz items: curated ideas for the bundled deck, word coverage for other notes, and the override."""
from __future__ import annotations

import subprocess
import sys

import pytest

from studyapp.deck import parse_file
from studyapp.deck.model import Note
from studyapp.quiz import QuizItem, generate_quiz, grade
from studyapp.quiz.free import key_points
from studyapp.quiz.segment import words
from studyapp.resources import default_deck_path


@pytest.fixture(scope="module")
def free_items():
    notes = parse_file(default_deck_path()).notes
    return {item.note: item for item in generate_quiz(notes, 100, seed=0, types=["free"])}


def found(item, answer):
    return set(grade(item, answer).found)


def test_bundled_notes_take_their_curated_ideas_as_key_points(free_items):
    assert len(free_items) == 38  # every note of the deck has a free-text item
    assert free_items["lora-bc5745"].key_points[0].startswith("权重更新是低秩的")
    assert all("|" not in point for item in free_items.values() for point in item.key_points)


def test_a_note_without_curated_ideas_falls_back_to_its_bold_phrases():
    answer = "**计算FLOPS：**\n\n用 **loss scale** 处理梯度下溢，并保留 **fp32 主权重**。"
    note = Note("t-1", "混合精度训练", answer, "S", 1)
    points = key_points(note, {})
    assert points == ("loss scale", "fp32 主权重")
    item = QuizItem("free", "t-1", "简答：混合精度训练", answer, key_points=points)
    assert grade(item, "用 loss scale，保留 fp32 主权重").correct
    assert grade(item, "用 loss scale").verdict == "partial"


def test_a_correct_chinese_answer_finds_every_key_point(free_items):
    item = free_items["rlhf-rm-339b6a"]
    answer = ("不一定。RM 只是人类偏好的代理，过度优化会出现 reward hacking：代理奖励一直升高，"
              "真实效果却先升后降。对策是加 KL 惩罚、早停。")
    result = grade(item, answer)
    assert result.correct and result.verdict == "correct" and result.score == 1.0
    assert "真实效果先升后降（RM 分数还在涨）" in result.found and result.contradicted == ()


def test_a_partial_answer_lists_what_it_missed(free_items):
    result = grade(free_items["rlhf-rm-339b6a"], "不一定")
    assert not result.correct and result.verdict == "partial"
    assert "真实效果先升后降（RM 分数还在涨）" in result.missed and result.message.startswith("要点 1/")
    borderline = grade(free_items["rlhf-rm-339b6a"], "不一定，会 reward hacking")
    assert borderline.verdict == "unsure" and not borderline.correct and "拿不准" in borderline.message


def test_a_wrong_but_plausible_answer_is_contradicted_not_passed(free_items):
    result = grade(free_items["rlhf-rm-339b6a"], "一定会更好，RM 分数高说明模型好，不存在过优化问题")
    assert not result.correct and result.verdict == "wrong"
    assert "奖励模型的分数越高，真实效果就一定越好" in result.contradicted
    assert "与事实不符" in result.message


def test_an_english_answer_to_a_chinese_note(free_items):
    lora = free_items["lora-bc5745"]
    answer = ("Freeze W0 and learn a low-rank update ΔW = BA; B is initialized to zero and A is random; "
              "the update is scaled by alpha/r, and BA is merged into W0 so there is no inference latency.")
    assert grade(lora, answer).correct
    memory = free_items["5e5177"]
    answer = "Parameters, gradients and optimizer states (momentum, variance), plus activations: 16 bytes per parameter."
    assert len(grade(memory, answer).found) == 5


def test_numbers_are_bound_to_their_subject(free_items):
    optimizer = free_items["fda38b--optimizer-state-0556a1"]
    adamw = "vanilla AdamW：12 字节/参数（fp32 副本、动量、方差各 4 字节）"
    assert adamw not in found(optimizer, "AdamW 16 字节")
    assert adamw in found(optimizer, "AdamW 要 12 字节")
    assert adamw not in found(optimizer, "AdamW 4 字节，8-bit 12 字节")


def test_the_learner_can_override_the_grade(free_items):
    result = grade(free_items["rlhf-rm-339b6a"], "不一定，会 reward hacking")
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
