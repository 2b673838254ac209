"""Back-of-the-envelope numbers from named formulas, with random but realistic parameters.

Answers are in base units (bytes, FLOPs, parameters); the grader accepts what people write
(14 GB, 4.2e22, 3.2 TFLOPs, 4.19M) within a relative tolerance.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from random import Random
from typing import Any

from studyapp.deck.model import Note

from .items import Grade, QuizItem
from .units import format_quantity, parse_quantity

TOLERANCE = 0.02  # an exact computation: room for rounding only
ABOUT_TOLERANCE = 0.10  # a prompt that asks for "about" (约) a number accepts an estimate
_ABOUT = re.compile(r"约|大约|大概|估算|粗估|估计|左右|approximately|roughly|about|estimate", re.I)
VARIANTS = 3  # items per formula offered to a quiz, each with its own parameters
ADAMW_MIXED_BYTES = 16  # fp16 weights 2 + fp16 gradients 2 + fp32 copy, momentum, variance 4 each (ZeRO)
OPTIMIZER_BYTES = {"adamw": 12, "adamw_8bit": 6, "sgd_momentum": 8}  # with the fp32 copy, mixed precision
_OPTIMIZER_NAMES = {"adamw": "vanilla AdamW", "adamw_8bit": "bitsandbytes 的 8-bit AdamW",
                    "sgd_momentum": "带动量的 SGD"}
_DTYPES = (("fp32", 4), ("fp16", 2), ("bf16", 2), ("int8", 1), ("int4", 0.5))
_MODEL_SIZES = (500_000_000, 1_100_000_000, 1_500_000_000, 3_000_000_000, 7_000_000_000, 8_000_000_000,
                13_000_000_000, 14_000_000_000, 32_000_000_000, 70_000_000_000)
# (hidden, intermediate, layers) of well-known open models: LLaMA-7B, LLaMA-13B, Llama-3-8B, Qwen2-7B, Llama-2-70B
_SHAPES = ((4096, 11008, 32), (5120, 13824, 40), (4096, 14336, 32), (3584, 18944, 28), (8192, 28672, 80))
_RANKS = (4, 8, 16, 32, 64)
_TOKENS = (300_000_000_000, 1_000_000_000_000, 1_400_000_000_000, 2_000_000_000_000, 15_000_000_000_000)
_ASK = {"bytes": "（可写成 14 GB 或 1.4e10 这样的形式）", "FLOPs": "（可写成 3.2e21 或 3.2 TFLOPs 这样的形式）",
        "params": "（可写成 4194304 或 4.19M 这样的形式）"}


def inference_memory(params: float, bytes_per_param: float) -> float:
    return params * bytes_per_param


def training_memory_adamw_mixed(params: float) -> float:
    return ADAMW_MIXED_BYTES * params


def optimizer_memory(params: float, optimizer: str) -> float:
    return OPTIMIZER_BYTES[optimizer] * params


def lora_params(r: int, d_in: int, d_out: int, matrices: int) -> int:
    # A is r × d_in, B is d_out × r, one pair per adapted matrix.
    return r * (d_in + d_out) * matrices


def matmul_flops(m: int, n: int, k: int) -> int:
    # (m × k) @ (k × n): m·n outputs, each k multiplies and k adds.
    return 2 * m * n * k


def training_flops(params: float, tokens: float) -> float:
    # About 2N per token forward and 4N backward (Kaplan et al. 2020).
    return 6 * params * tokens


@dataclass(frozen=True)
class Formula:
    name: str
    expression: str
    unit: str
    compute: Callable[..., float]
    sample: Callable[[Random], dict[str, Any]]
    prompt: Callable[[Mapping[str, Any]], str]
    note_patterns: tuple[str, ...]  # regular expressions over the question, most specific first


def _billions(n: float) -> str:
    return f"{n / 1e9:g}B" if n >= 1e9 else f"{n / 1e6:g}M"


def _tokens(n: float) -> str:
    return f"{n / 1e12:g}T" if n >= 1e12 else f"{n / 1e9:g}B"


def _sample_inference(rng: Random) -> dict[str, Any]:
    dtype, size = rng.choice(_DTYPES)
    return {"params": rng.choice(_MODEL_SIZES), "bytes_per_param": size, "_dtype": dtype}


def _sample_lora(rng: Random) -> dict[str, Any]:
    hidden, intermediate, layers = rng.choice(_SHAPES)
    if rng.random() < 0.5:  # q_proj and o_proj of every layer: hidden × hidden
        return {"r": rng.choice(_RANKS), "d_in": hidden, "d_out": hidden, "matrices": 2 * layers}
    return {"r": rng.choice(_RANKS), "d_in": hidden, "d_out": intermediate, "matrices": layers}  # up_proj


FORMULAS: dict[str, Formula] = {f.name: f for f in (
    Formula(
        "inference_memory", "params × bytes_per_param", "bytes", inference_memory, _sample_inference,
        lambda p: f"一个 {_billions(p['params'])} 参数的模型以 {p['_dtype']}（每个参数 {p['bytes_per_param']:g} 字节）"
                  f"加载做推理，只算权重，需要多少显存？{_ASK['bytes']}",
        (r"处理模型参数", r"显存不够", r"显存"),
    ),
    Formula(
        "training_memory_adamw_mixed", "16 × params", "bytes", training_memory_adamw_mixed,
        lambda rng: {"params": rng.choice(_MODEL_SIZES[:8])},
        lambda p: f"用 AdamW 和混合精度训练一个 {_billions(p['params'])} 参数的模型，只算模型状态"
                  f"（参数、梯度、优化器状态），不算激活值，需要多少显存？{_ASK['bytes']}",
        (r"^模型训练时.*显存", r"训练时.*显存占用"),
    ),
    Formula(
        "optimizer_memory", "params × {adamw: 12, adamw_8bit: 6, sgd_momentum: 8}", "bytes", optimizer_memory,
        lambda rng: {"params": rng.choice(_MODEL_SIZES[:8]), "optimizer": rng.choice(sorted(OPTIMIZER_BYTES))},
        lambda p: f"混合精度训练一个 {_billions(p['params'])} 参数的模型，优化器用 {_OPTIMIZER_NAMES[p['optimizer']]}，"
                  f"优化器状态（含 fp32 参数副本）共占多少显存？{_ASK['bytes']}",
        (r"优化器 optimizer state", r"optimizer|优化器"),
    ),
    Formula(
        "lora_params", "r × (d_in + d_out) × matrices", "params", lora_params, _sample_lora,
        lambda p: f"给 {p['matrices']} 个形状为 {p['d_out']}×{p['d_in']}（d_out×d_in）的权重矩阵各加一个秩 r={p['r']} "
                  f"的 LoRA，可训练参数共有多少个？{_ASK['params']}",
        (r"^lora\s*的原理", r"lora.*显存", r"^lora"),
    ),
    Formula(
        "matmul_flops", "2 × m × n × k", "FLOPs", matmul_flops,
        lambda rng: {"m": rng.choice((512, 1024, 2048, 4096, 8192)), "n": rng.choice((4096, 5120, 11008, 14336)),
                     "k": rng.choice((1024, 2048, 4096, 5120, 8192))},
        lambda p: f"形状 {p['m']}×{p['k']} 的矩阵乘以形状 {p['k']}×{p['n']} 的矩阵，一次乘法和一次加法各算一次浮点运算，"
                  f"共需多少 FLOPs？{_ASK['FLOPs']}",
        (r"flops",),
    ),
    Formula(
        "training_flops", "6 × params × tokens", "FLOPs", training_flops,
        lambda rng: {"params": rng.choice((125_000_000, 350_000_000) + _MODEL_SIZES[1:]), "tokens": rng.choice(_TOKENS)},
        lambda p: f"用 {_tokens(p['tokens'])} 个 token 训练一个 {_billions(p['params'])} 参数的稠密 Transformer，"
                  f"按常用的经验法则（不计注意力矩阵的运算），总计算量约多少 FLOPs？{_ASK['FLOPs']}",
        (r"flops",),
    ),
)}


def evaluate(name: str, params: Mapping[str, Any]) -> float:
    """The formula's value for these parameters (keys starting with _ are for the prompt only)."""
    return FORMULAS[name].compute(**{k: v for k, v in params.items() if not k.startswith("_")})


def tolerance_for(prompt: str) -> float:
    """The tolerance the prompt's wording promises: an estimate when it asks for "about", else exact."""
    return ABOUT_TOLERANCE if _ABOUT.search(prompt.split("（可写成")[0]) else TOLERANCE


def find_note(formula: Formula, notes: Sequence[Note]) -> Note | None:
    for pattern in formula.note_patterns:
        for note in notes:
            if re.search(pattern, note.question, re.I):
                return note
    return None


def make_items(notes: Sequence[Note], rng: Random) -> list[QuizItem]:
    items = []
    for formula in FORMULAS.values():
        note = find_note(formula, notes)
        if note is None:
            continue
        seen = set()
        for _ in range(VARIANTS * 4):  # a few draws may repeat; stop at VARIANTS distinct ones
            drawn = formula.sample(rng)
            params = {k: v for k, v in drawn.items() if not k.startswith("_")}
            prompt = formula.prompt(drawn)
            if prompt in seen:
                continue
            seen.add(prompt)
            items.append(QuizItem(
                "numeric", note.slug, prompt, evaluate(formula.name, params), formula=formula.name,
                params=params, tolerance=tolerance_for(prompt), unit=formula.unit,
            ))
            if len(seen) == VARIANTS:
                break
    return items


def _grading_tolerance(item: QuizItem) -> float:
    """The item's own tolerance, at least what its prompt's wording promises (约 → about 10 %)."""
    return max(item.tolerance or TOLERANCE, tolerance_for(item.prompt))


def grade(item: QuizItem, response: str | float) -> Grade:
    expected = format_quantity(item.answer, item.unit)
    given = parse_quantity(response, item.unit)
    if given is None:
        return Grade(False, 0.0, expected, str(response), message="没有读出数字：请写成 14 GB、4.2e22、4.19M 之类")
    error = abs(given - item.answer) / abs(item.answer)
    correct = error <= _grading_tolerance(item)
    message = ""
    if not correct:
        message = f"你的答案约为 {format_quantity(given, item.unit)}；公式 {FORMULAS[item.formula].expression}"
        if item.unit == "bytes" and re.search(r"\d\s*[KMGTP]b(?![A-Za-z])", str(response)):
            message += "（Gb 是吉比特 bit，1 GB = 8 Gb）"
    return Grade(correct, 1.0 if correct else 0.0, expected, str(response), message=message,
                 verdict="correct" if correct else "wrong")
