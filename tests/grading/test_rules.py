"""Each rule of the grader on its own, on small key-point files written here and on the bundled notes."""
from __future__ import annotations

import textwrap

import pytest

from studyapp.grading import KeypointsError, grade_answer, grade_with
from studyapp.grading.keypoints import load

RULES = """
version = 1
[notes."rules"]
enough = 2
subjects = ["8-bit|8bit"]
[[notes."rules".ideas]]
idea = "AdamW 12 字节/参数"
forms = ["@adamw + #12"]
[[notes."rules".ideas]]
idea = "SFT → RM → PPO"
forms = ["sft > =RM|reward model|奖励模型 > ppo"]
[[notes."rules".ideas]]
idea = "过优化"
forms = ["过优化|over-optimi*|reward hacking|钻空子|early stopping"]
[[notes."rules".ideas]]
idea = "冻结的权重不需要优化器状态"
forms = ["NEG + 优化器状态|optimizer state*"]
[[notes."rules".ideas]]
idea = "FLOPS 是每秒运算次数"
forms = ["@=FLOPS + 每秒|per second"]
[[notes."rules".misconceptions]]
claim = "RM 分数越高效果一定越好"
forms = ["一定 + 更好|越好"]
"""


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    path = tmp_path_factory.mktemp("kp") / "keypoints.toml"
    path.write_text(RULES, encoding="utf-8")
    return load(path)["rules"]


def found(keys, text: str) -> set[str]:
    return set(grade_with(keys, text).found)


def test_negation_reaches_to_the_end_of_its_clause(keys):
    assert "过优化" in found(keys, "会出现过优化")
    assert "过优化" not in found(keys, "不存在过优化问题")
    assert "过优化" not in found(keys, "there is no over-optimization")
    assert "过优化" in found(keys, "分数不断上升，会出现过优化")  # 不断 is not a negation
    assert "过优化" in found(keys, "不是没有过优化")  # two negations cancel
    assert "过优化" in found(keys, "如果不加 KL，会出现过优化")  # the condition's 不 stays in its clause


def test_a_negated_idea_needs_its_negation(keys):
    assert "冻结的权重不需要优化器状态" in found(keys, "冻结的权重不需要优化器状态")
    assert "冻结的权重不需要优化器状态" in found(keys, "frozen weights have no optimizer states")
    assert "冻结的权重不需要优化器状态" not in found(keys, "冻结的权重也需要优化器状态")


def test_a_number_is_bound_to_its_subject(keys):
    assert "AdamW 12 字节/参数" in found(keys, "AdamW 要 12 字节")
    assert "AdamW 12 字节/参数" in found(keys, "AdamW 12 bytes per parameter")
    assert "AdamW 12 字节/参数" in found(keys, "AdamW 需要十二字节")
    assert "AdamW 12 字节/参数" not in found(keys, "AdamW 16 字节")
    assert "AdamW 12 字节/参数" not in found(keys, "AdamW 4 字节，8-bit 12 字节")  # 12 belongs to 8-bit
    assert "AdamW 12 字节/参数" in found(keys, "AdamW：副本、动量、方差各 4 字节，共 12 字节")


def test_an_order_must_be_kept(keys):
    assert "SFT → RM → PPO" in found(keys, "先 SFT，再训练 RM，最后 PPO")
    assert "SFT → RM → PPO" in found(keys, "SFT -> reward model -> PPO")
    assert "SFT → RM → PPO" not in found(keys, "先做 PPO 再做 SFT，然后训练 RM")
    assert "SFT → RM → PPO" not in found(keys, "SFT 之后 norm，再 PPO")  # rm inside norm is not RM


def test_synonyms_english_terms_and_stems(keys):
    for text in ("会过优化", "over-optimization", "overoptimized? no: over-optimised", "reward hacking", "会钻空子"):
        assert "过优化" in found(keys, text), text


def test_a_slip_in_a_long_english_term_still_counts_but_not_in_a_short_one(keys):
    assert "过优化" in found(keys, "reward hackng")
    assert "过优化" in found(keys, "use early stoping")
    assert "AdamW 12 字节/参数" not in found(keys, "Adam 12 字节")  # short names must match exactly


def test_case_tells_flops_from_flops(keys):
    assert "FLOPS 是每秒运算次数" in found(keys, "FLOPS 是每秒浮点运算次数")
    assert "FLOPS 是每秒运算次数" not in found(keys, "FLOPs 是每秒浮点运算次数")


def test_a_misconception_is_reported_as_a_contradiction(keys):
    result = grade_with(keys, "一定会更好，AdamW 12 字节，会过优化")
    assert result.contradicted == ("RM 分数越高效果一定越好",)
    assert grade_with(keys, "不一定更好，会过优化").contradicted == ()


def test_verdicts(keys):
    assert grade_with(keys, "AdamW 12 字节；SFT → RM → PPO").verdict == "correct"
    assert grade_with(keys, "会过优化").verdict == "partial"  # 1 of 2: half way
    assert grade_with(keys, "").verdict == "wrong"
    assert grade_with(keys, "今天天气不错").verdict == "wrong"
    high_but_false = grade_with(keys, "AdamW 12 字节；SFT → RM → PPO。分数越高一定越好")
    assert high_but_false.verdict == "unsure" and high_but_false.score == pytest.approx(0.5)
    assert grade_with(keys, "一定越好").verdict == "wrong"


def test_bundled_notes(tmp_path):
    rm = "rlhf-rm-339b6a"
    assert grade_answer(rm, "不一定，RM 只是代理，优化过头会 reward hacking，真实效果先升后降").verdict == "correct"
    plausible = grade_answer(rm, "RM 是代理，真实效果一定会更好，真实效果会一直上升")
    assert plausible.verdict == "wrong" and len(plausible.contradicted) == 2
    self_consistency = "cot-chain-of-thought-288001--cot-chain-of-thought-self-consistency-30f5b0"
    for majority in ("取出现次数最多的答案", "少数服从多数", "majority vote"):
        assert "对答案做多数投票，取最一致的答案" in grade_answer(self_consistency, majority).found
    tokenizer = grade_answer("tokenizer-ce4671", "word-level、char-level、subword-level（BPE）三种")
    assert tokenizer.verdict == "correct"
    assert grade_answer("flops-flops-a34b59", "FLOPs 是每秒浮点运算次数，FLOPS 是总运算量").verdict == "wrong"


@pytest.mark.parametrize(("body", "field"), [
    ('[notes."x"]\nideas = []', 'notes."x".ideas'),
    ('[notes."x"]\n[[notes."x".ideas]]\nidea = "a"\nforms = ["a|"]', 'notes."x".ideas[0].forms[0]'),
    ('[notes."x"]\n[[notes."x".ideas]]\nidea = "a"\nforms = ["a"]\nweight = -1', 'notes."x".ideas[0].weight'),
    ('[notes."x"]\n[[notes."x".ideas]]\nidea = "a"\nforms = ["a"]\ncolour = 1', 'notes."x".ideas[0].colour'),
    ('[notes."x"]\n[[notes."x".ideas]]\nidea = "a"\nforms = ["@a + @b"]', 'notes."x".ideas[0].forms[0]'),
])
def test_a_malformed_file_names_the_field(tmp_path, body, field):
    path = tmp_path / "bad.toml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    with pytest.raises(KeypointsError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path}: {field}: ")
