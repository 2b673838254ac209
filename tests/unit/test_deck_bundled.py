"""The bundled deck (the user's Notion export) parses into exactly these notes: a regression shows here."""
import time

import pytest

from studyapp.deck import parse_file, parse_text, slugify
from studyapp.resources import default_deck_path

BUNDLED_SLUGS = [
    "top-k-33e6c7",
    "top-p-86a7bb",
    "temperature-7033e9",
    "flops-flops-a34b59",
    "tokenizer-ce4671",
    "oov-out-of-vocabulary-f6167e",
    "zeroshot-fewshot-5f40e9",
    "5ecc96",
    "cot-chain-of-thought-288001",
    "cot-chain-of-thought-288001--cot-chain-of-thought-self-consistency-30f5b0",
    "cot-chain-of-thought-288001--cot-chain-of-thought-ltm-least-to-most-p-acae78",
    "p-tuning-fine-tuning-9f99a5",
    "p-tuning-v2-c5c518",
    "prompt-tuning-3d8081",
    "instruction-tuning-a65d9b",
    "f995a2",
    "llama-glm-bloom-attention-norm-embedding-87929f",
    "fda38b",
    "fda38b--params-ec0939",
    "fda38b--optimizer-state-0556a1",
    "fda38b--gradients-2f2dde",
    "fda38b--activations-4e1393",
    "prefix-tuning-nlp-ec30e7",
    "lora-bc5745",
    "lora-502e3d",
    "lora-9f64e1",
    "qlora-lora-bc1c7a",
    "bf16-fp16-cc19cd",
    "ed12ca",
    "ed12ca--660f2b",
    "ed12ca--971af0",
    "context-length-5e4c02",
    "rlhf-rl-sft-e2b92c",
    "rlhf-rm-339b6a",
    "encoder-only-decoder-only-encoder-decode-188b8d",
    "gpt-bert-51bf02",
    "bfa9a5",
    "5e5177",
]

CHILD_QUESTIONS = {
    "cot-chain-of-thought-288001": [
        "思维链 CoT（Chain-of-Thought）相关 — 自洽性（Self-consistency）",
        "思维链 CoT（Chain-of-Thought）相关 — LtM （Least to Most prompting）提示",
    ],
    "fda38b": [
        "解决显存不够的方法有哪些？ — 处理模型参数 params",
        "解决显存不够的方法有哪些？ — 处理优化器 optimizer state",
        "解决显存不够的方法有哪些？ — 处理梯度 gradients",
        "解决显存不够的方法有哪些？ — 处理激活值 activations",
    ],
    "ed12ca": [
        "半精度训练和混合精度训练的的优缺点 — 半精度训练",
        "半精度训练和混合精度训练的的优缺点 — 混合精度训练",
    ],
}


@pytest.fixture(scope="module")
def deck():
    return parse_file(default_deck_path())


@pytest.fixture(scope="module")
def by_slug(deck):
    return {note.slug: note for note in deck.notes}


def test_bundled_slugs_are_exactly_these(deck):
    assert [note.slug for note in deck.notes] == BUNDLED_SLUGS


def test_counts_by_kind(deck):
    kinds = [note.kind for note in deck.notes]
    assert (kinds.count("qa"), kinds.count("table_row"), kinds.count("child")) == (27, 3, 8)


def test_title_and_sections(deck):
    assert deck.title == "LLM基础知识"
    assert {note.section for note in deck.notes} == {"LLM基础知识"}


def test_slugs_labs_rely_on(by_slug):
    for slug in ("lora-bc5745", "bf16-fp16-cc19cd", "fda38b", "ed12ca", "5e5177"):
        assert slug in by_slug
    assert by_slug["lora-bc5745"].question == "Lora的原理"
    assert by_slug["bf16-fp16-cc19cd"].question == "bf16，fp16 的区别"
    assert by_slug["5e5177"].question == "模型训练时，显存占用"


def test_top_level_slugs_are_slugify_of_the_question(deck):
    for note in deck.notes:
        assert note.slug == slugify(note.question, note.parent_slug)


def test_questions_lose_their_bold_markers_and_keep_their_lines(by_slug):
    flops = by_slug["flops-flops-a34b59"]
    assert flops.question == 'FLOPS"和"FLOPs'
    assert flops.line == 10
    assert by_slug["5e5177"].line == 365


def test_table_rows(by_slug):
    top_k = by_slug["top-k-33e6c7"]
    assert (top_k.kind, top_k.question, top_k.line) == ("table_row", "Top-k抽样", 3)
    assert top_k.answer == '模型从最可能的"k"个选项中随机选择一个\n\n例：如果k=10，模型将从最可能的10个单词中选择一个'
    assert by_slug["top-p-86a7bb"].answer.endswith("例：如果p=0.9，选择的单词集将是概率累计到0.9的那部分")
    assert by_slug["temperature-7033e9"].question == "Temperature"
    assert by_slug["temperature-7033e9"].answer.startswith("控制生成文本随机性的参数。")


def test_child_notes_name_their_context(deck):
    children: dict[str, list[str]] = {}
    for note in deck.notes:
        if note.kind == "child":
            children.setdefault(note.parent_slug, []).append(note.question)
    assert children == CHILD_QUESTIONS


def test_child_answers_are_the_nested_bodies(by_slug):
    optimizer = by_slug["fda38b--optimizer-state-0556a1"]
    assert optimizer.line == 197
    assert optimizer.answer.startswith("如果开了混合精度训练占用内存计算如下（未开的话去掉第一项）：\n\n- For vanilla AdamW：\n    - fp32 copy")
    assert optimizer.answer.endswith(
        "- For SGD-like optimizers with momentum：\n    - fp32 copy of parameters:\n    - Momentum:")
    consistency = by_slug["cot-chain-of-thought-288001--cot-chain-of-thought-self-consistency-30f5b0"]
    assert consistency.answer.startswith("是对 CoT 的一个补充，它不仅仅生成一个思路链")
    half = by_slug["ed12ca--660f2b"]
    assert half.answer == "- 半精度训练**优点**：很直接的优势，就是跑得快+省显存。\n- 半精度训练**缺点**：当然还是精度（下溢+舍入误差）的问题。"
    assert by_slug["fda38b--gradients-2f2dde"].answer.startswith("可以存储为fp32/fp16/bf16")


def test_parents_keep_their_whole_answer(by_slug):
    parent = by_slug["fda38b"].answer
    for slug in ("fda38b--params-ec0939", "fda38b--optimizer-state-0556a1", "fda38b--activations-4e1393"):
        assert by_slug[slug].answer.splitlines()[0].strip() in parent
    assert "- **处理优化器 optimizer state**" in parent
    assert "LtM （Least to Most prompting）提示" in by_slug["cot-chain-of-thought-288001"].answer


def test_answers_are_dedented_markdown(by_slug):
    answer = by_slug["flops-flops-a34b59"].answer
    assert answer.startswith("1. **FLOPS (Floating Point Operations Per Second):**\n    - FLOPS是计量")
    assert "$\\text{FLOPS} = \\frac{\\text{总浮点运算数}}{\\text{执行时间}}$" in answer
    llama = by_slug["llama-glm-bloom-attention-norm-embedding-87929f"]
    assert "[Llama 2详解](https://zhuanlan.zhihu.com/p/649756898)" in llama.answer
    assert "`d*d`" in by_slug["lora-502e3d"].answer


def test_missing_figures_become_placeholders(by_slug):
    assert by_slug["5e5177"].answer == "*[缺失的图 missing figure: Untitled 12.png]*"
    lora = by_slug["lora-bc5745"].answer
    assert lora.startswith("*[缺失的图 missing figure: Untitled 8.png]*\n\nlora：Low-Rank Adaptation")
    assert "<img" not in "".join(note.answer for note in by_slug.values())


def test_parse_is_fast():
    text = default_deck_path().read_text(encoding="utf-8")
    parse_text(text, str(default_deck_path()))  # warm the regex caches
    best = min(_timed(lambda: parse_text(text, str(default_deck_path()))) for _ in range(5))
    assert best < 0.05


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start
