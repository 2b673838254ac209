"""English ways of saying the field's Chinese terms, so that an English answer meets a Chinese key point.

Before segmenting, every English form below is rewritten to its Chinese term (in answers and key
points alike); the Chinese terms are in the jieba user dictionary, so they then stay whole.
"""
from __future__ import annotations

import re
from functools import cache

TERMS: dict[str, tuple[str, ...]] = {
    "预训练": ("pre-training", "pretraining", "pretrained", "pre-trained", "pretrain"),
    "微调": ("fine-tuning", "finetuning", "fine tuning", "fine-tune", "finetune", "fine tune", "fine-tuned"),
    "混合精度": ("mixed-precision", "mixed precision"),
    "半精度": ("half-precision", "half precision"),
    "显存": ("gpu memory", "vram", "memory"),
    "优化器状态": ("optimizer states", "optimizer state", "optimiser states", "optimiser state"),
    "优化器": ("optimizers", "optimizer", "optimiser"),
    "梯度检查点": ("gradient checkpointing", "activation checkpointing", "activation recomputation"),
    "梯度累积": ("gradient accumulation",),
    "梯度": ("gradients", "gradient", "grads"),
    "激活值": ("activations", "activation"),
    "参数": ("parameters", "parameter", "params", "param", "weights"),
    "动量": ("momentum", "first moment"),
    "方差": ("variance", "second moment"),
    "浮点运算": ("floating-point operations", "floating point operations", "floating point operation"),
    "每秒": ("per second",),
    "字节": ("bytes", "byte"),
    "低秩": ("low-rank", "low rank"),
    "冻结": ("frozen", "freeze", "freezes", "freezing"),
    "量化": ("quantization", "quantized", "quantize", "quantisation"),
    "推理延迟": ("inference latency",),
    "推理": ("inference",),
    "合并": ("merged", "merge", "merging"),
    "缩放": ("scaling", "scaled", "scale"),
    "下溢": ("underflow",),
    "上溢": ("overflow",),
    "舍入误差": ("rounding errors", "rounding error"),
    "损失缩放": ("loss scaling", "loss scale"),
    "主权重": ("master weights", "master copy"),
    "奖励模型": ("reward models", "reward model"),
    "参考模型": ("reference models", "reference model"),
    "价值模型": ("value models", "value model", "critic model"),
    "策略模型": ("policy model", "policy"),
    "过优化": ("over-optimization", "overoptimization", "over-optimisation", "overoptimisation", "over-optimized"),
    "代理": ("proxy",),
    "早停": ("early stopping", "early stop"),
    "多数投票": ("majority voting", "majority vote"),
    "子问题": ("subproblems", "sub-problems", "subproblem", "sub-problem", "subquestions"),
    "分解": ("decompose", "decomposes", "decomposition", "break down", "breaks down"),
    "零样本": ("zero-shot", "zero shot", "zeroshot"),
    "少样本": ("few-shot", "few shot", "fewshot"),
    "指令": ("instructions", "instruction"),
    "前缀": ("prefixes", "prefix"),
    "分片": ("sharding", "sharded", "shard"),
    "卸载": ("offloading", "offload"),
    "训练": ("training", "trained", "train"),
    "减少": ("reduces", "reduce", "reduced", "saves", "save", "saving", "less"),
    "初始化": ("initialized", "initialised", "initialization", "initialisation", "initialize", "init"),
    "下降": ("decreases", "decrease", "drops", "drop", "falls", "fall", "declines", "decline", "worse"),
    "上升": ("increases", "increase", "rises", "rise", "goes up", "keeps rising"),
}


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    to_term = {form: term for term, forms in TERMS.items() for form in forms}
    forms = sorted(to_term, key=len, reverse=True)  # longest first: "gradient checkpointing" before "gradient"
    alternation = "|".join(re.escape(form) for form in forms)
    return re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])"), to_term


def to_chinese_terms(text: str) -> str:
    """Lower-cased text with the glossary's English forms replaced by their Chinese terms."""
    pattern, to_term = _pattern()
    return pattern.sub(lambda m: f" {to_term[m.group(0)]} ", text.lower())
